#include "kafka/protocol/messages/fetch_message.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;

FetchRequest SampleRequest() {
  FetchRequest request{.replica_id = -1,
                       .max_wait_ms = 500,
                       .min_bytes = 1,
                       .max_bytes = 52428800,
                       .isolation_level = 1,
                       .session_id = 0,
                       .session_epoch = -1};
  request.topics = {
      {.name = "orders",
       .partitions = {{.partition = 0,
                       .current_leader_epoch = 2,
                       .fetch_offset = 42,
                       .log_start_offset = -1,
                       .partition_max_bytes = 1048576},
                      {.partition = 3, .fetch_offset = 7, .partition_max_bytes = 1024}}}};
  request.forgotten_topics = {{.name = "old", .partitions = {1, 2}}};
  request.rack_id = "rack-a";
  return request;
}

TEST(FetchMessageTest, RoundTripsAtEveryVersion) {
  testing::ExpectRoundTripAllVersions(SampleRequest(), ApiKey::kFetch);
  EXPECT_EQ(testing::ExpectRoundTrip(SampleRequest(), 11), SampleRequest());

  FetchResponse response{.throttle_time_ms = 1, .error_code = 0, .session_id = 0};
  FetchResponse::Partition data{.partition = 0,
                                .error_code = 0,
                                .high_watermark = 100,
                                .last_stable_offset = 100,
                                .log_start_offset = 0,
                                .aborted_transactions = std::nullopt,
                                .preferred_read_replica = -1,
                                .records = std::string(61, '\x07')};
  FetchResponse::Partition aborted{
      .partition = 1,
      .error_code = 0,
      .high_watermark = 10,
      .last_stable_offset = 8,
      .log_start_offset = 2,
      .aborted_transactions =
          std::vector<FetchResponse::AbortedTransaction>{{.producer_id = 9, .first_offset = 4}},
      .preferred_read_replica = 1,
      .records = std::string()};
  FetchResponse::Partition error{.partition = 2, .error_code = 1, .high_watermark = -1};
  response.topics = {{.name = "orders", .partitions = {data, aborted, error}}};
  testing::ExpectRoundTripAllVersions(response, ApiKey::kFetch);
  EXPECT_EQ(testing::ExpectRoundTrip(response, 11), response);
}

TEST(FetchMessageTest, GoldenV0Request) {
  FetchRequest request{.replica_id = -1, .max_wait_ms = 100, .min_bytes = 1};
  request.topics = {
      {.name = "t",
       .partitions = {{.partition = 0, .fetch_offset = 5, .partition_max_bytes = 4096}}}};
  // clang-format off
  const std::string expected = Bytes({
      0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 100, 0, 0, 0, 1,  // replica, max_wait, min_bytes
      0, 0, 0, 1, 0, 1, 't',                             // topics: 1, "t"
      0, 0, 0, 1, 0, 0, 0, 0,                            // partitions: 1, partition 0
      0, 0, 0, 0, 0, 0, 0, 5,                            // fetch_offset 5
      0, 0, 0x10, 0,                                     // partition_max_bytes 4096
  });
  // clang-format on
  EXPECT_EQ(EncodeMessage(request, 0), expected);
  EXPECT_EQ(DecodeMessage<FetchRequest>(expected, 0), request);
}

TEST(FetchMessageTest, V4PartitionResponseLayout) {
  FetchResponse response{.throttle_time_ms = 0};
  response.topics = {{.name = "t",
                      .partitions = {{.partition = 0,
                                      .error_code = 0,
                                      .high_watermark = 2,
                                      .last_stable_offset = 2,
                                      .records = "RB"}}}};
  // clang-format off
  const std::string expected = Bytes({
      0, 0, 0, 0,                     // throttle_time_ms
      0, 0, 0, 1, 0, 1, 't',          // topics: 1, "t"
      0, 0, 0, 1, 0, 0, 0, 0, 0, 0,   // partitions: 1, partition 0, error 0
      0, 0, 0, 0, 0, 0, 0, 2,         // high_watermark
      0, 0, 0, 0, 0, 0, 0, 2,         // last_stable_offset (v4+)
      0xFF, 0xFF, 0xFF, 0xFF,         // aborted_transactions null
      0, 0, 0, 2, 'R', 'B',           // records
  });
  // clang-format on
  EXPECT_EQ(EncodeMessage(response, 4), expected);
}

}  // namespace
}  // namespace millrace::kafka

namespace millrace::kafka {
namespace {

TEST(FetchMessageTest, RecordBytesCountsEveryPartition) {
  FetchResponse response;
  response.topics = {{.name = "a", .partitions = {{.records = "123"}, {.records = std::nullopt}}},
                     {.name = "b", .partitions = {{.records = "45"}}}};
  EXPECT_EQ(response.RecordBytes(), 5u);
}

TEST(FetchMessageTest, LargeRecordSetsAreReferencedNotCopied) {
  FetchResponse response{.throttle_time_ms = 0, .error_code = 0, .session_id = 0};
  std::string big(WireWriter::kMinReferenceBytes + 321, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
  const std::string small = "tiny";
  response.topics = {{.name = "t",
                      .partitions = {{.partition = 0, .high_watermark = 9, .records = big},
                                     {.partition = 1, .records = small},
                                     {.partition = 2, .records = big + "x"}}}};
  for (int16_t version : {4, 11}) {
    WireWriter gather;
    ASSERT_TRUE(response.Encode(gather, version).ok());
    const size_t encoded_size = gather.size();
    std::vector<WireWriter::Reference> refs;
    const std::string owned = gather.ReleaseWithReferences(&refs);
    ASSERT_EQ(refs.size(), 2u);  // the two large sets; the small one is copied
    EXPECT_EQ(refs[0].bytes.data(), response.topics[0].partitions[0].records->data());
    EXPECT_EQ(owned.size() + refs[0].bytes.size() + refs[1].bytes.size(), encoded_size);
    // Splicing the references back in gives exactly the copying encoder's bytes...
    std::string spliced;
    size_t at = 0;
    for (const auto& ref : refs) {
      spliced.append(owned, at, ref.at - at);
      spliced.append(ref.bytes);
      at = ref.at;
    }
    spliced.append(owned, at);
    WireWriter whole;
    ASSERT_TRUE(response.Encode(whole, version).ok());
    EXPECT_EQ(whole.Release(), spliced);
    // ... which decode to the same response.
    FetchResponse back = DecodeMessage<FetchResponse>(spliced, version);
    EXPECT_EQ(back.topics[0].partitions[0].records, big);
    EXPECT_EQ(back.topics[0].partitions[1].records, small);
    EXPECT_EQ(back.topics[0].partitions[2].records, big + "x");
  }
}

TEST(FetchMessageTest, ExternalRecordSetsAreLeftForTheSender) {
  FetchResponse response{.throttle_time_ms = 0, .error_code = 0, .session_id = 0};
  std::string external(50000, '\0');
  for (size_t i = 0; i < external.size(); ++i) external[i] = static_cast<char>(i * 13);
  response.topics = {{.name = "t",
                      .partitions = {{.partition = 0, .external_records = external.size()},
                                     {.partition = 1, .records = "tiny"}}}};
  EXPECT_EQ(response.RecordBytes(), external.size() + 4);
  for (int16_t version : {4, 11}) {
    WireWriter gather;
    ASSERT_TRUE(response.Encode(gather, version).ok());
    const size_t encoded_size = gather.size();
    std::vector<WireWriter::Reference> refs;
    const std::string owned = gather.ReleaseWithReferences(&refs);
    ASSERT_EQ(refs.size(), 1u);
    EXPECT_EQ(refs[0].external, external.size());
    EXPECT_TRUE(refs[0].bytes.empty());
    EXPECT_EQ(owned.size() + external.size(), encoded_size);
    // The sender's bytes spliced in at the reference decode as that partition's record set.
    std::string spliced = owned.substr(0, refs[0].at) + external + owned.substr(refs[0].at);
    FetchResponse back = DecodeMessage<FetchResponse>(spliced, version);
    EXPECT_EQ(back.topics[0].partitions[0].records, external);
    EXPECT_EQ(back.topics[0].partitions[1].records, "tiny");
  }
}

}  // namespace
}  // namespace millrace::kafka
