#include "kinesis/limits.h"

namespace millrace::kinesis {

namespace {

std::string BlobValue(int64_t bytes) {
  std::string n = std::to_string(bytes);
  return "java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]";
}

std::string AtMost(int64_t limit) {
  return "Member must have length less than or equal to " + std::to_string(limit);
}

KinesisStatus ValueRange(int64_t value, int64_t low, int64_t high, std::string_view member_path) {
  std::string text = std::to_string(value);
  if (value < low) {
    return ValidationError(
        member_path, &text,
        "Member must have value greater than or equal to " + std::to_string(low));
  }
  if (value > high) {
    return ValidationError(member_path, &text,
                           "Member must have value less than or equal to " + std::to_string(high));
  }
  return KinesisStatus::Ok();
}

}  // namespace

size_t Utf16Length(std::string_view utf8) {
  size_t units = 0;
  for (size_t i = 0; i < utf8.size();) {
    auto b = static_cast<unsigned char>(utf8[i]);
    size_t width = b < 0x80           ? 1
                   : (b >> 5) == 0x6  ? 2
                   : (b >> 4) == 0xE  ? 3
                   : (b >> 3) == 0x1E ? 4
                                      : 1;
    if (i + width > utf8.size()) width = 1;
    units += width == 4 ? 2 : 1;
    i += width;
  }
  return units;
}

void CheckPartitionKey(std::string_view partition_key, std::string_view member_path,
                       std::vector<std::string>* failures) {
  size_t length = Utf16Length(partition_key);
  if (length >= 1 && length <= kMaxPartitionKeyLength) return;
  std::string value(partition_key);
  failures->push_back(
      ConstraintFailure(member_path, &value,
                        length == 0 ? "Member must have length greater than or equal to 1"
                                    : AtMost(static_cast<int64_t>(kMaxPartitionKeyLength))));
}

KinesisStatus CheckRecordSize(int64_t data_bytes, std::string_view partition_key,
                              int64_t max_record_bytes, std::string_view data_member_path) {
  if (data_bytes > max_record_bytes) {
    std::string value = BlobValue(data_bytes);
    return ValidationError(data_member_path, &value, AtMost(max_record_bytes));
  }
  int64_t total = data_bytes + static_cast<int64_t>(partition_key.size());
  if (total > max_record_bytes) {
    return InvalidArgument("Record size " + std::to_string(total) +
                           " bytes (data plus partition key) exceeds the maximum record size of " +
                           std::to_string(max_record_bytes) + " bytes.");
  }
  return KinesisStatus::Ok();
}

KinesisStatus CheckPutRecordsRequest(std::span<const PutRecordsEntrySize> entries,
                                     int64_t max_record_bytes) {
  if (entries.empty() || entries.size() > kMaxPutRecordsEntries) {
    // AWS prints the entries themselves; their Java names mean nothing to a client.
    return ValidationError(
        {"Value at 'records' failed to satisfy constraint: " +
         std::string(entries.empty() ? "Member must have length greater than or equal to 1"
                                     : AtMost(kMaxPutRecordsEntries))});
  }
  std::vector<std::string> failures;
  for (size_t i = 0; i < entries.size() && failures.size() < kMaxValidationFailures; ++i) {
    const PutRecordsEntrySize& e = entries[i];
    // The common case, decided without building member paths: a key of 1..256 bytes has
    // 1..256 UTF-16 code units.
    if (!e.partition_key.empty() && e.partition_key.size() <= kMaxPartitionKeyLength &&
        e.data_bytes <= max_record_bytes) {
      continue;
    }
    std::string prefix = "records." + std::to_string(i + 1) + ".member.";
    CheckPartitionKey(entries[i].partition_key, prefix + "partitionKey", &failures);
    if (entries[i].data_bytes > max_record_bytes && failures.size() < kMaxValidationFailures) {
      std::string value = BlobValue(entries[i].data_bytes);
      failures.push_back(ConstraintFailure(prefix + "data", &value, AtMost(max_record_bytes)));
    }
  }
  if (!failures.empty()) return ValidationError(failures);
  int64_t total = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    MR_KINESIS_RETURN_IF_ERROR(
        CheckRecordSize(entries[i].data_bytes, entries[i].partition_key, max_record_bytes, "data"));
    total += entries[i].data_bytes + static_cast<int64_t>(entries[i].partition_key.size());
  }
  if (total > kMaxPutRecordsBytes) return InvalidArgument("Records size exceeds 5 MB limit");
  return KinesisStatus::Ok();
}

KinesisStatus CheckMaxRecordSizeKiB(int64_t kib, std::string_view member_path) {
  return ValueRange(kib, kMinMaxRecordSizeKiB, kMaxMaxRecordSizeKiB, member_path);
}

KinesisStatus CheckRetentionHours(int64_t hours) {
  if (hours < kMinRetentionHours) {
    return InvalidArgument(
        "Minimum allowed retention period is " + std::to_string(kMinRetentionHours) +
        " hours. Requested retention period (" + std::to_string(hours) + " hours) is too short.");
  }
  if (hours > kMaxRetentionHours) {
    return InvalidArgument(
        "Maximum allowed retention period is " + std::to_string(kMaxRetentionHours) +
        " hours. Requested retention period (" + std::to_string(hours) + " hours) is too long.");
  }
  return KinesisStatus::Ok();
}

KinesisStatus CheckRetentionIncrease(std::string_view stream_name, int64_t requested_hours,
                                     int64_t current_hours) {
  MR_KINESIS_RETURN_IF_ERROR(CheckRetentionHours(requested_hours));
  if (requested_hours < current_hours) {
    return InvalidArgument(
        "Requested retention period (" + std::to_string(requested_hours) + " hours) for stream " +
        std::string(stream_name) + " can not be shorter than existing retention period (" +
        std::to_string(current_hours) + " hours). Use DecreaseRetentionPeriod API.");
  }
  return KinesisStatus::Ok();
}

KinesisStatus CheckRetentionDecrease(std::string_view stream_name, int64_t requested_hours,
                                     int64_t current_hours) {
  MR_KINESIS_RETURN_IF_ERROR(CheckRetentionHours(requested_hours));
  if (requested_hours > current_hours) {
    return InvalidArgument(
        "Requested retention period (" + std::to_string(requested_hours) + " hours) for stream " +
        std::string(stream_name) + " can not be longer than existing retention period (" +
        std::to_string(current_hours) + " hours). Use IncreaseRetentionPeriod API.");
  }
  return KinesisStatus::Ok();
}

KinesisStatus CheckShardCount(int64_t count, std::string_view member_path) {
  return ValueRange(count, 1, INT32_MAX, member_path);
}

KinesisStatus CheckAccountShardLimit(std::string_view account_id, std::string_view region,
                                     int64_t current_total, int64_t limit, int64_t additional) {
  if (current_total + additional <= limit) return KinesisStatus::Ok();
  return LimitExceeded("This request would exceed the shard limit for the account " +
                       std::string(account_id) + " in " + std::string(region) +
                       ". Current shard count for the account: " + std::to_string(current_total) +
                       ". Limit: " + std::to_string(limit) +
                       ". Number of additional shards that would have resulted from this "
                       "request: " +
                       std::to_string(additional) +
                       ". Refer to the AWS Service Limits page "
                       "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) "
                       "for current limits and how to request higher limits.");
}

KinesisStatus CheckGetRecordsLimit(int64_t limit) {
  return ValueRange(limit, 1, kMaxGetRecordsLimit, "limit");
}

}  // namespace millrace::kinesis
