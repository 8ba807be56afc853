#include "kafka/protocol/messages/message.h"

#include <string>

namespace millrace::kafka {
namespace {

std::string Describe(ApiKey key, int16_t version, MessageKind kind) {
  return std::string(ApiKeyName(key)) + " v" + std::to_string(version) +
         (kind == MessageKind::kRequest ? " request: " : " response: ");
}

}  // namespace

Status FinishDecode(const WireReader& r, ApiKey key, int16_t version, MessageKind kind) {
  if (r.ok()) return Status::Ok();
  return Status(r.status().code(), Describe(key, version, kind) + r.status().message());
}

Status FinishEncode(const WireWriter& w, ApiKey key, int16_t version, MessageKind kind) {
  if (w.ok()) return Status::Ok();
  return Status(w.status().code(), Describe(key, version, kind) + w.status().message());
}

}  // namespace millrace::kafka
