// Assembles a complete response frame: int32 size, the response header the (api, version) pair
// calls for, then the body. Header-only because it is a template over the response type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "kafka/protocol/request_header.h"
#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka {

// `Response` is any message struct with `Status Encode(WireWriter&, int16_t) const`.
// Returns the bytes ready to write to the socket, or the body's encoding error.
// `size_hint` is the expected body size (e.g. FetchResponse::RecordBytes() plus a little); the
// frame buffer is reserved once instead of growing by doubling.
template <typename Response>
Result<std::string> EncodeResponseFrame(ApiKey key, int16_t version, int32_t correlation_id,
                                        const Response& body, size_t size_hint = 0) {
  WireWriter w;
  w.Reserve(size_hint + 16);
  const size_t size_pos = w.ReserveInt32();
  EncodeResponseHeader(w, key, version, correlation_id);
  MR_RETURN_IF_ERROR(body.Encode(w, version));
  w.PatchInt32(size_pos, static_cast<int32_t>(w.size() - size_pos - 4));
  return w.Release();
}

// The same, leaving large byte fields (Fetch record sets) out of the returned bytes: they are
// listed in `references` for a gather write, and `body` must outlive that write.
template <typename Response>
Result<std::string> EncodeResponseFrameWithReferences(ApiKey key, int16_t version,
                                                      int32_t correlation_id, const Response& body,
                                                      std::vector<WireWriter::Reference>* references,
                                                      size_t size_hint = 0) {
  WireWriter w;
  w.Reserve(size_hint + 16);
  const size_t size_pos = w.ReserveInt32();
  EncodeResponseHeader(w, key, version, correlation_id);
  MR_RETURN_IF_ERROR(body.Encode(w, version));
  w.PatchInt32(size_pos, static_cast<int32_t>(w.size() - size_pos - 4));
  return w.ReleaseWithReferences(references);
}

}  // namespace millrace::kafka
