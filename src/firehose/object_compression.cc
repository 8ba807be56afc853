#include "firehose/object_compression.h"

namespace millrace::firehose {

Result<std::string> CompressObject(std::string_view format, std::string_view bytes) {
  if (format == "UNCOMPRESSED") return std::string(bytes);
  return Status::Internal("compression format " + std::string(format) + " is not available");
}

}  // namespace millrace::firehose
