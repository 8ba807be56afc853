#include "kafka/protocol/request_header.h"

#include <gtest/gtest.h>

#include <string>

#include "kafka/protocol/api_versions.h"
#include "kafka/protocol/wire_reader.h"
#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(RequestHeaderTest, HeaderVersionsFollowFlexibleVersions) {
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kProduce, 3), 1);
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kProduce, 9), 2);
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kApiVersions, 2), 1);
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kApiVersions, 3), 2);
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kApiVersions, 4), 2);  // beyond our max: still flexible
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kInitProducerId, 1), 1);
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kInitProducerId, 2), 2);
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kControlledShutdown, 0), 0);
  EXPECT_EQ(RequestHeaderVersion(ApiKey::kSaslHandshake, 1), 1);
  EXPECT_EQ(RequestHeaderVersion(static_cast<ApiKey>(999), 7), 1);
}

TEST(RequestHeaderTest, ApiVersionsResponsesAlwaysUseHeaderV0) {
  EXPECT_EQ(ResponseHeaderVersion(ApiKey::kApiVersions, 3), 0);
  EXPECT_EQ(ResponseHeaderVersion(ApiKey::kApiVersions, 0), 0);
  EXPECT_EQ(ResponseHeaderVersion(ApiKey::kInitProducerId, 4), 1);
  EXPECT_EQ(ResponseHeaderVersion(ApiKey::kInitProducerId, 1), 0);
  EXPECT_EQ(ResponseHeaderVersion(ApiKey::kMetadata, 8), 0);
  EXPECT_EQ(ResponseHeaderVersion(ApiKey::kMetadata, 9), 1);

  WireWriter w;
  EncodeResponseHeader(w, ApiKey::kApiVersions, 3, 7);
  EXPECT_EQ(w.data(), Bytes({0, 0, 0, 7}));
  WireWriter flexible;
  EncodeResponseHeader(flexible, ApiKey::kInitProducerId, 4, 7);
  EXPECT_EQ(flexible.data(), Bytes({0, 0, 0, 7, 0}));
}

// A Produce v3 request header written out by hand from RequestHeader.json (header v1).
TEST(RequestHeaderTest, GoldenProduceV3Header) {
  // clang-format off
  const std::string input = Bytes({0, 0,           // api_key 0 = Produce
                                   0, 3,           // api_version 3
                                   0, 0, 0, 42,    // correlation_id
                                   0, 4, 'k', 'c', 'a', 't',  // client_id "kcat"
                                   0xEE});         // first body byte
  WireReader r(input);
  auto header = DecodeRequestHeader(r);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->key(), ApiKey::kProduce);
  EXPECT_EQ(header->api_version, 3);
  EXPECT_EQ(header->correlation_id, 42);
  EXPECT_EQ(header->client_id, "kcat");
  EXPECT_EQ(header->header_version, 1);
  EXPECT_EQ(r.remaining(), 1u);

  WireWriter w;
  EncodeRequestHeader(w, *header);
  EXPECT_EQ(w.data(), input.substr(0, input.size() - 1));
}

// ApiVersions v3 uses header v2: client_id keeps its int16 length, then tagged fields follow.
TEST(RequestHeaderTest, GoldenApiVersionsV3HeaderWithTaggedFields) {
  const std::string input = Bytes({0, 18, 0, 3, 0, 0, 0, 1, 0xFF, 0xFF,  // null client_id
                                   1, 3, 2, 'h', 'i',                      // one tagged field
                                   0x55});
  // clang-format on
  WireReader r(input);
  auto header = DecodeRequestHeader(r);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->key(), ApiKey::kApiVersions);
  EXPECT_EQ(header->client_id, std::nullopt);
  EXPECT_EQ(header->header_version, 2);
  EXPECT_EQ(r.ReadInt8(), 0x55);
}

TEST(RequestHeaderTest, EveryTruncationFails) {
  RequestHeader header{.api_key = 22,
                       .api_version = 4,
                       .correlation_id = -5,
                       .client_id = "rdkafka",
                       .header_version = 2};
  WireWriter w;
  EncodeRequestHeader(w, header);
  for (size_t len = 0; len < w.size(); ++len) {
    WireReader r(std::string_view(w.data()).substr(0, len));
    EXPECT_FALSE(DecodeRequestHeader(r).ok()) << "prefix of " << len << " bytes";
  }
  WireReader full(w.data());
  auto decoded = DecodeRequestHeader(full);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, header);
}

TEST(RequestHeaderTest, FrameSizeLimits) {
  EXPECT_FALSE(CheckRequestFrameSize(-1).ok());
  EXPECT_FALSE(CheckRequestFrameSize(7).ok());
  EXPECT_TRUE(CheckRequestFrameSize(8).ok());
  EXPECT_TRUE(CheckRequestFrameSize(kMaxRequestFrameBytes).ok());
  EXPECT_EQ(CheckRequestFrameSize(kMaxRequestFrameBytes + 1).code(),
            StatusCode::kResourceExhausted);
}

TEST(ApiVersionsTableTest, EveryRangeStartsAtZeroAndIsOrdered) {
  int previous = -1;
  for (const ApiVersionRange& range : SupportedApis()) {
    EXPECT_EQ(range.min_version, 0) << ApiKeyName(range.key);
    EXPECT_GE(range.max_version, range.min_version);
    EXPECT_GT(static_cast<int>(range.key), previous);
    previous = static_cast<int>(range.key);
    EXPECT_NE(ApiKeyName(range.key), "Unknown");
  }
}

TEST(ApiVersionsTableTest, OnlyApiVersionsAndInitProducerIdGoFlexible) {
  for (const ApiVersionRange& range : SupportedApis()) {
    const bool max_flexible = IsFlexible(range.key, range.max_version);
    const bool expected = range.key == ApiKey::kApiVersions || range.key == ApiKey::kInitProducerId;
    EXPECT_EQ(max_flexible, expected) << ApiKeyName(range.key);
  }
  EXPECT_FALSE(IsFlexible(ApiKey::kSaslHandshake, 1));
  EXPECT_TRUE(IsFlexible(ApiKey::kDescribeCluster, 0));
  EXPECT_FALSE(IsFlexible(static_cast<ApiKey>(1234), 100));
}

TEST(ApiVersionsTableTest, ClientCriticalRanges) {
  // librdkafka feature gates: MsgVer2 needs Produce >= 3 and Fetch >= 4; ZSTD Produce 7, Fetch 10.
  EXPECT_TRUE(IsSupported(ApiKey::kProduce, 7));
  EXPECT_TRUE(IsSupported(ApiKey::kFetch, 10));
  EXPECT_TRUE(IsSupported(ApiKey::kFetch, 11));
  EXPECT_FALSE(IsSupported(ApiKey::kFetch, 12));
  EXPECT_TRUE(IsSupported(ApiKey::kOffsetFetch, 5));
  EXPECT_FALSE(IsSupported(ApiKey::kOffsetFetch, 6));
  EXPECT_TRUE(IsSupported(ApiKey::kInitProducerId, 4));
  EXPECT_FALSE(IsSupported(ApiKey::kApiVersions, 4));
  EXPECT_FALSE(IsSupported(ApiKey::kSaslHandshake, 0));
  EXPECT_FALSE(CheckSupported(ApiKey::kMetadata, 9).ok());
  EXPECT_TRUE(CheckSupported(ApiKey::kMetadata, 0).ok());
}

}  // namespace
}  // namespace millrace::kafka
