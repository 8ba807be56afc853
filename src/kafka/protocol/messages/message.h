// Conventions shared by every Kafka message codec in this folder.
//
// Each API has a request struct and a response struct with
//   Status Decode(WireReader&, int16_t version);      // reads one body; REQUIRES: fresh struct
//   Status Encode(WireWriter&, int16_t version) const; // appends one body
// Both refuse versions outside the advertised range (api_versions.h). Field comments give the
// versions a field exists in ("v3+"); outside them it keeps its default and is not encoded.
// Decode does not require the input to end where the body ends (Kafka ignores trailing bytes);
// callers that care compare reader.remaining() with 0. Structs are plain values: copyable,
// comparable with ==, and thread-compatible.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "kafka/protocol/api_keys.h"
#include "kafka/protocol/api_versions.h"
#include "kafka/protocol/wire_reader.h"
#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka {

enum class MessageKind { kRequest, kResponse };

// The Status a codec returns after reading: OK, or the reader's error prefixed with the message
// name and version ("Produce v7 request: truncated int32 at byte 12 ...").
Status FinishDecode(const WireReader& r, ApiKey key, int16_t version, MessageKind kind);
// The same for writing.
Status FinishEncode(const WireWriter& w, ApiKey key, int16_t version, MessageKind kind);

// Default of the *AuthorizedOperations fields: "not requested".
inline constexpr int32_t kAuthorizedOperationsOmitted = std::numeric_limits<int32_t>::min();

}  // namespace millrace::kafka
