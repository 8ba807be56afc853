#include "kinesis/stream_state.h"

#include <string>

namespace millrace::kinesis {

std::string_view StreamStatusName(StreamStatus status) {
  switch (status) {
    case StreamStatus::kCreating:
      return "CREATING";
    case StreamStatus::kActive:
      return "ACTIVE";
    case StreamStatus::kUpdating:
      return "UPDATING";
    case StreamStatus::kDeleting:
      return "DELETING";
  }
  return "ACTIVE";
}

std::string_view StreamModeName(StreamMode mode) {
  return mode == StreamMode::kOnDemand ? "ON_DEMAND" : "PROVISIONED";
}

KinesisResult<StreamMode> ParseStreamMode(std::string_view text) {
  if (text == "PROVISIONED") return StreamMode::kProvisioned;
  if (text == "ON_DEMAND") return StreamMode::kOnDemand;
  std::string value(text);
  return ValidationError("streamModeDetails.streamMode", &value,
                         "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
}

KinesisStatus CheckActive(StreamStatus status, std::string_view stream_name,
                          std::string_view account_id) {
  if (status == StreamStatus::kActive) return KinesisStatus::Ok();
  return ResourceInUse("Stream " + std::string(stream_name) + " under account " +
                       std::string(account_id) + " not ACTIVE, instead in state " +
                       std::string(StreamStatusName(status)));
}

KinesisStatus CheckProvisioned(StreamMode mode, std::string_view stream_name,
                               std::string_view account_id) {
  if (mode == StreamMode::kProvisioned) return KinesisStatus::Ok();
  return KinesisStatus(Errc::kValidation, "Request is invalid. Stream " + std::string(stream_name) +
                                              " under account " + std::string(account_id) +
                                              " is in On-Demand mode.");
}

}  // namespace millrace::kinesis
