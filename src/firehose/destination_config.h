// Parsing and validation of the S3 destination members of CreateDeliveryStream and
// UpdateDestination, with Firehose's rules and error names. Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "base/value.h"
#include "firehose/delivery_stream.h"
#include "firehose/errors.h"

namespace millrace::firehose {

// An S3DestinationConfiguration (extended = false) or ExtendedS3DestinationConfiguration,
// `member` naming it in messages. Fills in defaults (BufferingHints, CompressionFormat,
// EncryptionConfiguration, S3BackupMode) in the returned `description`. Does not check that the
// bucket exists (the caller does, against the lake).
ApiResult<S3DestinationSettings> ParseS3Destination(const Value& config, bool extended,
                                                    std::string_view member);

// The destination after an (Extended)S3DestinationUpdate: members given replace the current
// ones (BufferingHints field by field), then the whole is validated again. Dynamic partitioning
// can neither be turned on nor off after creation.
ApiResult<S3DestinationSettings> ApplyS3Update(const S3DestinationSettings& current,
                                               const Value& update, bool extended);

// The bucket named by "arn:aws:s3:::<bucket>" (any partition), or an InvalidArgument error.
ApiResult<std::string> BucketFromArn(std::string_view arn);

// The file extension objects get: FileExtension when set, else ".parquet" with format
// conversion, else the compression format's default ("", ".gz", ".zip", ".snappy").
std::string DefaultFileExtension(const S3DestinationSettings& settings);

}  // namespace millrace::firehose
