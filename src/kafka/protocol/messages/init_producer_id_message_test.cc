#include "kafka/protocol/messages/init_producer_id_message.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"
#include "kafka/protocol/request_header.h"
#include "kafka/protocol/response_frame.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;

TEST(InitProducerIdMessageTest, RoundTripsAtEveryVersion) {
  InitProducerIdRequest request{.transactional_id = "txn",
                                .transaction_timeout_ms = 60000,
                                .producer_id = 7,
                                .producer_epoch = 2};
  testing::ExpectRoundTripAllVersions(request, ApiKey::kInitProducerId);
  EXPECT_EQ(testing::ExpectRoundTrip(request, 4), request);
  testing::ExpectRoundTripAllVersions(InitProducerIdRequest{}, ApiKey::kInitProducerId);

  InitProducerIdResponse response{
      .throttle_time_ms = 0, .error_code = 0, .producer_id = 1000, .producer_epoch = 0};
  testing::ExpectRoundTripAllVersions(response, ApiKey::kInitProducerId);
  EXPECT_EQ(testing::ExpectRoundTrip(response, 2), response);
}

// The request librdkafka sends with enable.idempotence (v4, flexible), written by hand.
TEST(InitProducerIdMessageTest, GoldenFlexibleV4Request) {
  // clang-format off
  const std::string expected = Bytes({
      0,                                               // transactional_id: compact null
      0, 0, 0xEA, 0x60,                                // transaction_timeout_ms 60000
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // producer_id -1
      0xFF, 0xFF,                                      // producer_epoch -1
      0,                                               // no tagged fields
  });
  // clang-format on
  InitProducerIdRequest request{.transaction_timeout_ms = 60000};
  EXPECT_EQ(EncodeMessage(request, 4), expected);
  EXPECT_EQ(DecodeMessage<InitProducerIdRequest>(expected, 4), request);
  // v1 is classic: int16 -1 for the null string, no producer id/epoch, no tags.
  EXPECT_EQ(EncodeMessage(request, 1), Bytes({0xFF, 0xFF, 0, 0, 0xEA, 0x60}));
  // v2 is flexible but has no producer id/epoch yet.
  EXPECT_EQ(EncodeMessage(request, 2), Bytes({0, 0, 0, 0xEA, 0x60, 0}));
}

TEST(InitProducerIdMessageTest, FlexibleRequestWithTaggedFieldsDecodes) {
  // clang-format off
  const std::string input = Bytes({4, 't', 'x', 'n', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 1,
                                   1, 7, 2, 'z', 'z'});
  // clang-format on
  const auto decoded = DecodeMessage<InitProducerIdRequest>(input, 3);
  EXPECT_EQ(decoded.transactional_id, "txn");
  EXPECT_EQ(decoded.producer_id, 9);
  EXPECT_EQ(decoded.producer_epoch, 1);
}

TEST(InitProducerIdMessageTest, FlexibleResponseFrameUsesHeaderV1) {
  InitProducerIdResponse response{.producer_id = 5, .producer_epoch = 0};
  auto frame = EncodeResponseFrame(ApiKey::kInitProducerId, 4, 3, response);
  ASSERT_TRUE(frame.ok());
  // clang-format off
  const std::string expected = Bytes({
      0, 0, 0, 22,                    // size
      0, 0, 0, 3, 0,                  // correlation id, header tagged fields
      0, 0, 0, 0, 0, 0,               // throttle, error
      0, 0, 0, 0, 0, 0, 0, 5, 0, 0,   // producer id 5, epoch 0
      0,                              // body tagged fields
  });
  // clang-format on
  EXPECT_EQ(*frame, expected);
  auto v1 = EncodeResponseFrame(ApiKey::kInitProducerId, 1, 3, response);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->size(), expected.size() - 2);
}

}  // namespace
}  // namespace millrace::kafka
