// The CompressionFormat of a destination applied to a whole object's bytes.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::firehose {

// `format` is the API string (UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY).
Result<std::string> CompressObject(std::string_view format, std::string_view bytes);

}  // namespace millrace::firehose
