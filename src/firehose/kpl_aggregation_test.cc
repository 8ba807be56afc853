#include "firehose/kpl_aggregation.h"

#include <gtest/gtest.h>

namespace millrace::firehose {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// Encoded independently (a few lines of Python following aggregation-format.md, MD5 from
// hashlib): keys ["pk-a","pk-b"], one explicit hash key, records {"n":1} (pk-a), {"n":2} (pk-b,
// hash key 0, one tag) and an empty one (pk-a).
constexpr std::string_view kFixture =
    "f3899ac20a04706b2d610a04706b2d6212273137303134313138333436303436393233313733313638373330333731"
    "353838343130353732381a0b08001a077b226e223a317d1a15080110001a077b226e223a327d22060a016b12017"
    "61a0408001a001ba65ee0f8d7b8e444538cf52c6b91ad";

TEST(KplAggregationTest, ReadsAnIndependentlyEncodedRecord) {
  const std::string record = FromHex(kFixture);
  ASSERT_TRUE(IsKplAggregated(record));
  auto users = DeaggregateKpl(record);
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].partition_key, "pk-a");
  EXPECT_EQ((*users)[0].data, "{\"n\":1}");
  EXPECT_FALSE((*users)[0].explicit_hash_key.has_value());
  EXPECT_EQ((*users)[1].partition_key, "pk-b");
  EXPECT_EQ((*users)[1].data, "{\"n\":2}");
  EXPECT_EQ((*users)[1].explicit_hash_key, "170141183460469231731687303715884105728");
  EXPECT_EQ((*users)[2].data, "");
}

TEST(KplAggregationTest, AggregateRoundTrips) {
  KplAggregateInput input;
  input.partition_keys = {"pk-a", "pk-b"};
  input.explicit_hash_keys = {"170141183460469231731687303715884105728"};
  input.records = {{0, std::nullopt, "{\"n\":1}"}, {1, 0, "{\"n\":2}"}, {0, std::nullopt, ""}};
  const std::string ours = AggregateKpl(input);
  auto users = DeaggregateKpl(ours);
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[1].explicit_hash_key, "170141183460469231731687303715884105728");
  // The fixture also carries a tag on the second record, so the bytes differ only there.
  EXPECT_NE(ours, FromHex(kFixture));
  EXPECT_TRUE(IsKplAggregated(ours));
}

TEST(KplAggregationTest, OrdinaryRecordsAreNotAggregated) {
  EXPECT_FALSE(IsKplAggregated("{\"plain\":true}"));
  EXPECT_FALSE(IsKplAggregated(""));
  std::string tampered = FromHex(kFixture);
  tampered[10] ^= 1;  // digest no longer matches
  EXPECT_FALSE(IsKplAggregated(tampered));
  std::string short_record = FromHex("f3899ac2");
  EXPECT_FALSE(IsKplAggregated(short_record));
}

TEST(KplAggregationTest, MalformedBodiesWithGoodDigestsAreCorruption) {
  KplAggregateInput input;
  input.partition_keys = {"only"};
  input.records = {{3, std::nullopt, "x"}};  // index outside the table
  auto users = DeaggregateKpl(AggregateKpl(input));
  ASSERT_FALSE(users.ok());
  EXPECT_EQ(users.status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace millrace::firehose
