#include "kafka/protocol/messages/api_versions_message.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"
#include "kafka/protocol/response_frame.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;

ApiVersionsResponse TwoEntryResponse() {
  ApiVersionsResponse response;
  response.api_keys = {{0, 0, 8}, {18, 0, 3}};
  return response;
}

TEST(ApiVersionsMessageTest, GoldenV0Response) {
  // clang-format off
  const std::string expected = Bytes({0, 0,                    // error_code
                                      0, 0, 0, 2,              // int32 array count
                                      0, 0, 0, 0, 0, 8,        // Produce 0-8
                                      0, 18, 0, 0, 0, 3});     // ApiVersions 0-3
  EXPECT_EQ(EncodeMessage(TwoEntryResponse(), 0), expected);
  EXPECT_EQ(DecodeMessage<ApiVersionsResponse>(expected, 0), TwoEntryResponse());
}

TEST(ApiVersionsMessageTest, GoldenV3Response) {
  ApiVersionsResponse response = TwoEntryResponse();
  response.throttle_time_ms = 5;
  const std::string expected = Bytes({0, 0,                    // error_code
                                      3,                       // compact array: N+1
                                      0, 0, 0, 0, 0, 8, 0,     // Produce 0-8, no tags
                                      0, 18, 0, 0, 0, 3, 0,    // ApiVersions 0-3, no tags
                                      0, 0, 0, 5,              // throttle_time_ms
                                      0});                     // no tagged fields
  EXPECT_EQ(EncodeMessage(response, 3), expected);
  EXPECT_EQ(DecodeMessage<ApiVersionsResponse>(expected, 3), response);
}

TEST(ApiVersionsMessageTest, V3ResponseWithUnknownTaggedFieldsDecodes) {
  // A newer broker's reply carrying SupportedFeatures-style tags at the top level.
  const std::string input = Bytes({0, 0, 2, 0, 18, 0, 0, 0, 3, 0, 0, 0, 0, 0,
                                   2, 0, 1, 0xAA, 3, 2, 0xBB, 0xCC});
  // clang-format on
  const auto decoded = DecodeMessage<ApiVersionsResponse>(input, 3);
  ASSERT_EQ(decoded.api_keys.size(), 1u);
  EXPECT_EQ(decoded.api_keys[0].max_version, 3);
}

TEST(ApiVersionsMessageTest, GoldenV3Request) {
  ApiVersionsRequest request{.client_software_name = "librdkafka",
                             .client_software_version = "2.0.2"};
  std::string expected = Bytes({11});
  expected += "librdkafka";
  expected += Bytes({6});
  expected += "2.0.2";
  expected += Bytes({0});
  EXPECT_EQ(EncodeMessage(request, 3), expected);
  EXPECT_EQ(DecodeMessage<ApiVersionsRequest>(expected, 3), request);
  // Before v3 the body is empty.
  EXPECT_EQ(EncodeMessage(request, 2), "");
}

TEST(ApiVersionsMessageTest, RoundTripsAtEveryVersion) {
  testing::ExpectRoundTripAllVersions(
      ApiVersionsRequest{.client_software_name = "kafkajs", .client_software_version = "2.2.4"},
      ApiKey::kApiVersions);
  ApiVersionsResponse response = MakeApiVersionsResponse();
  response.throttle_time_ms = 17;
  testing::ExpectRoundTripAllVersions(response, ApiKey::kApiVersions);
  EXPECT_EQ(testing::ExpectRoundTrip(response, 3), response);
}

TEST(ApiVersionsMessageTest, ResponseListsEverySupportedApi) {
  const ApiVersionsResponse response = MakeApiVersionsResponse();
  ASSERT_EQ(response.api_keys.size(), SupportedApis().size());
  bool has_api_versions = false;
  for (const auto& entry : response.api_keys) {
    if (entry.api_key == static_cast<int16_t>(ApiKey::kApiVersions)) {
      has_api_versions = true;
      EXPECT_EQ(entry.max_version, 3);
    }
    EXPECT_EQ(entry.min_version, 0);
  }
  EXPECT_TRUE(has_api_versions);
}

// A client asking for ApiVersions v4 gets a v0-format reply with UNSUPPORTED_VERSION and our
// ranges, behind response header v0, which it can parse whatever version it asked for.
TEST(ApiVersionsMessageTest, UnsupportedVersionFallsBackToV0Reply) {
  const int16_t reply_version = ApiVersionsReplyVersion(4);
  EXPECT_EQ(reply_version, 0);
  EXPECT_EQ(ApiVersionsReplyVersion(3), 3);
  EXPECT_EQ(ApiVersionsReplyVersion(-1), 0);

  auto frame = EncodeResponseFrame(ApiKey::kApiVersions, reply_version, 99,
                                   MakeApiVersionsResponse(ErrorCode::kUnsupportedVersion));
  ASSERT_TRUE(frame.ok()) << frame.status().ToString();
  WireReader r(*frame);
  EXPECT_EQ(r.ReadInt32(), static_cast<int32_t>(frame->size() - 4));
  EXPECT_EQ(r.ReadInt32(), 99);  // correlation id, no tagged fields
  EXPECT_EQ(r.ReadInt16(), 35);
  const int32_t count = r.ReadInt32();
  EXPECT_EQ(count, static_cast<int32_t>(SupportedApis().size()));
  EXPECT_EQ(r.remaining(), static_cast<size_t>(count) * 6);
  EXPECT_TRUE(r.ok());
}

TEST(ApiVersionsMessageTest, V3ResponseFrameUsesHeaderV0) {
  auto frame = EncodeResponseFrame(ApiKey::kApiVersions, 3, 7, MakeApiVersionsResponse());
  ASSERT_TRUE(frame.ok());
  WireReader r(*frame);
  r.ReadInt32();
  EXPECT_EQ(r.ReadInt32(), 7);
  // The body starts right after the correlation id: error_code 0, then the compact count.
  EXPECT_EQ(r.ReadInt16(), 0);
  EXPECT_EQ(r.ReadUnsignedVarint(), SupportedApis().size() + 1);
}

}  // namespace
}  // namespace millrace::kafka
