#include "kinesis/iterator_start.h"

#include <gtest/gtest.h>

#include "kinesis/sequence_number.h"

namespace millrace::kinesis {
namespace {

constexpr uint64_t kEpoch = 1'764'000'000;
constexpr int64_t kNow = 1'764'065'400'000;

// A shard whose records 100..199 are retained; record o arrived at kNow - (200 - o) * 1000.
IteratorTarget Target() {
  return {"orders", "000000000000", kEpoch, 2, 100, 200};
}

int64_t OffsetAt(int64_t timestamp_ms) {
  for (int64_t o = 0; o < 200; ++o) {
    if (kNow - (200 - o) * 1000 >= timestamp_ms) return o;
  }
  return 200;
}

KinesisResult<int64_t> Start(ShardIteratorType type, std::optional<std::string> sequence_number,
                             std::optional<int64_t> timestamp_ms = std::nullopt,
                             IteratorTarget target = Target()) {
  return ResolveIteratorStart({type, std::move(sequence_number), timestamp_ms}, target, OffsetAt,
                              kNow);
}

std::string Seq(int64_t offset, int32_t shard = 2) {
  return EncodeSequenceNumber({kEpoch, shard, offset});
}

TEST(IteratorStartTest, ParsesTheFiveTypes) {
  for (auto type : {ShardIteratorType::kAtSequenceNumber, ShardIteratorType::kAfterSequenceNumber,
                    ShardIteratorType::kTrimHorizon, ShardIteratorType::kLatest,
                    ShardIteratorType::kAtTimestamp}) {
    EXPECT_EQ(*ParseShardIteratorType(ShardIteratorTypeName(type)), type);
  }
  KinesisResult<ShardIteratorType> bad = ParseShardIteratorType("latest");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Errc::kValidation);
  EXPECT_EQ(bad.status().message(),
            "1 validation error detected: Value 'latest' at 'shardIteratorType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, "
            "AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
}

TEST(IteratorStartTest, SequenceNumberTypesAreExact) {
  EXPECT_EQ(*Start(ShardIteratorType::kAtSequenceNumber, Seq(150)), 150);
  EXPECT_EQ(*Start(ShardIteratorType::kAfterSequenceNumber, Seq(150)), 151);
  EXPECT_EQ(*Start(ShardIteratorType::kAfterSequenceNumber, Seq(199)), 200);
  // Trimmed positions move up to the trim horizon; positions past the end stop at the end.
  EXPECT_EQ(*Start(ShardIteratorType::kAtSequenceNumber, Seq(3)), 100);
  EXPECT_EQ(*Start(ShardIteratorType::kAtSequenceNumber, Seq(5000)), 200);
  EXPECT_EQ(*Start(ShardIteratorType::kAfterSequenceNumber, Seq(INT64_MAX)), 200);
}

TEST(IteratorStartTest, TrimHorizonAndLatest) {
  EXPECT_EQ(*Start(ShardIteratorType::kTrimHorizon, std::nullopt), 100);
  EXPECT_EQ(*Start(ShardIteratorType::kLatest, std::nullopt), 200);
  IteratorTarget empty = Target();
  empty.log_start_offset = empty.log_end_offset = 0;
  EXPECT_EQ(*Start(ShardIteratorType::kTrimHorizon, std::nullopt, std::nullopt, empty), 0);
  EXPECT_EQ(*Start(ShardIteratorType::kLatest, std::nullopt, std::nullopt, empty), 0);
}

TEST(IteratorStartTest, AtTimestamp) {
  EXPECT_EQ(*Start(ShardIteratorType::kAtTimestamp, std::nullopt, kNow - 50'000), 150);
  EXPECT_EQ(*Start(ShardIteratorType::kAtTimestamp, std::nullopt, kNow - 50'500), 150);
  EXPECT_EQ(*Start(ShardIteratorType::kAtTimestamp, std::nullopt, kNow), 200);
  EXPECT_EQ(*Start(ShardIteratorType::kAtTimestamp, std::nullopt, 0), 100);  // before trim horizon

  KinesisResult<int64_t> none = Start(ShardIteratorType::kAtTimestamp, std::nullopt);
  EXPECT_EQ(none.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(none.status().message(),
            "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current "
            "request has no timestamp parameter.");
  KinesisResult<int64_t> future = Start(ShardIteratorType::kAtTimestamp, std::nullopt, kNow + 1);
  EXPECT_EQ(future.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(future.status().message(),
            "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
            "timestampInMillis: 1764065400001, currentTimestampInMillis: 1764065400000");
}

TEST(IteratorStartTest, InconsistentRequests) {
  KinesisResult<int64_t> missing = Start(ShardIteratorType::kAfterSequenceNumber, std::nullopt);
  EXPECT_EQ(missing.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(missing.status().message(),
            "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
            "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
            "Request specified AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber.");
  KinesisResult<int64_t> extra = Start(ShardIteratorType::kTrimHorizon, Seq(150));
  EXPECT_EQ(extra.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(extra.status().message(),
            "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
            "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
            "Request specified TRIM_HORIZON and also a StartingSequenceNumber.");
  EXPECT_EQ(Start(ShardIteratorType::kLatest, Seq(150)).status().code(), Errc::kInvalidArgument);
}

TEST(IteratorStartTest, ForeignSequenceNumbers) {
  EXPECT_EQ(Start(ShardIteratorType::kAtSequenceNumber, Seq(150, 3)).status().code(),
            Errc::kInvalidArgument);
  EXPECT_EQ(Start(ShardIteratorType::kAtSequenceNumber, "99").status().code(),
            Errc::kInvalidArgument);
  EXPECT_EQ(Start(ShardIteratorType::kAtSequenceNumber, "0099").status().code(), Errc::kValidation);
  KinesisResult<int64_t> old_stream =
      Start(ShardIteratorType::kAtSequenceNumber, EncodeSequenceNumber({kEpoch - 1, 2, 150}));
  EXPECT_EQ(old_stream.status().code(), Errc::kInvalidArgument);
  EXPECT_NE(old_stream.status().message().find("did not come from this stream"), std::string::npos);
}

}  // namespace
}  // namespace millrace::kinesis
