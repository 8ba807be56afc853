// Kinesis request and stream limits: partition keys, record and request sizes, retention,
// shard counts, and the error each broken limit produces.
//
// Model constraints (lengths, value ranges) fail as ValidationException; semantic limits as
// InvalidArgumentException or LimitExceededException, as Kinesis reports them. Pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kinesis/errors.h"

namespace millrace::kinesis {

inline constexpr size_t kMaxPartitionKeyLength = 256;       // UTF-16 code units, as Java counts
inline constexpr int64_t kDefaultMaxRecordBytes = 1 << 20;  // data + partition key, 1 MiB
inline constexpr int64_t kMinMaxRecordSizeKiB = 1024;       // MaxRecordSizeInKiB range
inline constexpr int64_t kMaxMaxRecordSizeKiB = 10240;
inline constexpr size_t kMaxPutRecordsEntries = 500;
inline constexpr int64_t kMaxPutRecordsBytes = 5 << 20;  // data + keys of one PutRecords
inline constexpr int32_t kMinRetentionHours = 24;
inline constexpr int32_t kDefaultRetentionHours = 24;
inline constexpr int32_t kMaxRetentionHours = 8760;
inline constexpr int64_t kMaxGetRecordsLimit = 10'000;
inline constexpr size_t kMaxValidationFailures = 10;  // AWS lists at most ten

// The length of UTF-8 text in UTF-16 code units (characters outside the BMP count twice).
// Invalid UTF-8 bytes count one each.
size_t Utf16Length(std::string_view utf8);

// Appends the failures of a partition key (length 1..256) to `failures`.
void CheckPartitionKey(std::string_view partition_key, std::string_view member_path,
                       std::vector<std::string>* failures);

// PutRecord: data larger than the stream's maximum record size is a ValidationException on
// `data_member_path` ("data"); data that fits but not together with the partition key's UTF-8
// bytes is an InvalidArgumentException.
KinesisStatus CheckRecordSize(int64_t data_bytes, std::string_view partition_key,
                              int64_t max_record_bytes, std::string_view data_member_path);

struct PutRecordsEntrySize {
  int64_t data_bytes = 0;
  std::string_view partition_key;
};
// PutRecords: 1..500 entries, each entry's key and data as for PutRecord (members
// "records.<n>.member.partitionKey" / ".data", n from 1), then the whole request's data and
// keys within 5 MiB ("Records size exceeds 5 MB limit", InvalidArgumentException).
KinesisStatus CheckPutRecordsRequest(std::span<const PutRecordsEntrySize> entries,
                                     int64_t max_record_bytes);

// CreateStream / UpdateMaxRecordSize: MaxRecordSizeInKiB in 1024..10240 (ValidationException).
KinesisStatus CheckMaxRecordSizeKiB(int64_t kib, std::string_view member_path);

// Retention in hours must be 24..8760 (InvalidArgumentException).
KinesisStatus CheckRetentionHours(int64_t hours);
// IncreaseStreamRetentionPeriod must not shorten, DecreaseStreamRetentionPeriod must not
// lengthen, the current retention (InvalidArgumentException); both also check the range.
KinesisStatus CheckRetentionIncrease(std::string_view stream_name, int64_t requested_hours,
                                     int64_t current_hours);
KinesisStatus CheckRetentionDecrease(std::string_view stream_name, int64_t requested_hours,
                                     int64_t current_hours);

// ShardCount / TargetShardCount must be at least 1 (ValidationException on `member_path`).
KinesisStatus CheckShardCount(int64_t count, std::string_view member_path);
// Creating `additional` shards must keep the account at or below `limit` open shards
// (LimitExceededException, worded as Kinesis does).
KinesisStatus CheckAccountShardLimit(std::string_view account_id, std::string_view region,
                                     int64_t current_total, int64_t limit, int64_t additional);

// GetRecords Limit must be 1..10000 (ValidationException on "limit").
KinesisStatus CheckGetRecordsLimit(int64_t limit);

}  // namespace millrace::kinesis
