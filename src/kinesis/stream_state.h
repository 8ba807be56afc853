// A stream's status and capacity mode, their wire names, and the checks operations make on them.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "kinesis/errors.h"

namespace millrace::kinesis {

enum class StreamStatus : uint8_t { kCreating, kActive, kUpdating, kDeleting };
enum class StreamMode : uint8_t { kProvisioned, kOnDemand };

std::string_view StreamStatusName(StreamStatus status);  // "ACTIVE"
std::string_view StreamModeName(StreamMode mode);        // "PROVISIONED"
// The mode named `text`, or a ValidationException on "streamModeDetails.streamMode".
KinesisResult<StreamMode> ParseStreamMode(std::string_view text);

// Control-plane changes (reshard, retention, delete consumers ...) need an ACTIVE stream:
// ResourceInUseException "Stream <s> under account <a> not ACTIVE, instead in state <STATUS>".
KinesisStatus CheckActive(StreamStatus status, std::string_view stream_name,
                          std::string_view account_id);

// SplitShard, MergeShards and UpdateShardCount exist only in PROVISIONED mode, as on AWS:
// ValidationException "Request is invalid. Stream <s> under account <a> is in On-Demand mode."
KinesisStatus CheckProvisioned(StreamMode mode, std::string_view stream_name,
                               std::string_view account_id);

}  // namespace millrace::kinesis
