#include "net/aws/event_stream.h"

#include <gtest/gtest.h>

#include <random>

#include "base/json.h"
#include "net/aws/aws_codec.h"
#include "net/aws/cbor_codec.h"
#include "net/aws/event_stream_messages.h"

namespace millrace::net::aws {
namespace {

std::string Hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// Vectors built from the format description with an independent CRC32 (zlib's, via Python);
// the AWS SDK for JavaScript's EventStreamCodec encodes kEmpty and kEveryType to the same bytes.
constexpr std::string_view kEmpty = "000000100000000005c248eb7d98c8ff";
constexpr std::string_view kPayloadOnly =
    "0000001d00000000fd528c5a7b22666f6f223a22626172227d3e9c25b4";
constexpr std::string_view kInt32Header =
    "0000002d0000001041c424b80a6576656e742d74797065040000a00c7b22666f6f223a22626172227dcb0d9c22";
constexpr std::string_view kStringHeader =
    "0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e7b22"
    "666f6f223a22626172227d70651433";
constexpr std::string_view kEveryType =
    "00000067000000542236e1d9017400016601016202fe017303fed4016904fffeee90016c05fffffffed5fa0e0001"
    "790600030001020373747207000568656c6c6f027473080000018bcfe5687b017509000102030405060708090a0b"
    "0c0d0e0f7061796d1f57b9";

EventMessage EveryType() {
  EventMessage m;
  EventUuid uuid;
  for (int i = 0; i < 16; ++i) uuid.bytes[i] = static_cast<uint8_t>(i);
  m.headers = {{"t", true},
               {"f", false},
               {"b", int8_t{-2}},
               {"s", int16_t{-300}},
               {"i", int32_t{-70000}},
               {"l", int64_t{-5000000000}},
               {"y", EventBytes{std::string("\x00\x01\x02", 3)}},
               {"str", std::string("hello")},
               {"ts", EventTimestamp{1700000000123}},
               {"u", uuid}};
  m.payload = "pay";
  return m;
}

TEST(EventStreamCrcTest, IsZlibCrc32NotCrc32c) {
  EXPECT_EQ(EventStreamCrc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(EventStreamCrc32(""), 0u);
  EXPECT_EQ(EventStreamCrc32("6789", EventStreamCrc32("12345")), 0xCBF43926u);
}

TEST(EventStreamCodecTest, EncodesKnownVectors) {
  EXPECT_EQ(ToHex(*EncodeEventMessage({})), kEmpty);
  EventMessage payload_only;
  payload_only.payload = R"({"foo":"bar"})";
  EXPECT_EQ(ToHex(*EncodeEventMessage(payload_only)), kPayloadOnly);
  EventMessage int_header = payload_only;
  int_header.headers = {{"event-type", int32_t{0xA00C}}};
  EXPECT_EQ(ToHex(*EncodeEventMessage(int_header)), kInt32Header);
  EventMessage string_header = payload_only;
  string_header.headers = {{"content-type", std::string("application/json")}};
  EXPECT_EQ(ToHex(*EncodeEventMessage(string_header)), kStringHeader);
  EXPECT_EQ(ToHex(*EncodeEventMessage(EveryType())), kEveryType);
}

TEST(EventStreamCodecTest, DecodesKnownVectors) {
  Result<EventMessage> empty = DecodeEventMessage(Hex(kEmpty));
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_TRUE(empty->headers.empty());
  EXPECT_TRUE(empty->payload.empty());
  Result<EventMessage> s = DecodeEventMessage(Hex(kStringHeader));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->StringHeader("content-type"), "application/json");
  EXPECT_EQ(s->StringHeader("missing"), "");
  EXPECT_EQ(s->payload, R"({"foo":"bar"})");
  Result<EventMessage> all = DecodeEventMessage(Hex(kEveryType));
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(*all, EveryType());
  EXPECT_EQ(std::get<int16_t>(*all->Find("s")), -300);
}

TEST(EventStreamCodecTest, CorruptionIsDetected) {
  std::string good = Hex(kEveryType);
  // Flipping any single bit anywhere is caught by one of the two CRCs or the length checks.
  for (size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; bit += 3) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      EXPECT_FALSE(DecodeEventMessage(bad).ok()) << "byte " << i << " bit " << bit;
    }
  }
  EXPECT_EQ(DecodeEventMessage(good.substr(0, 20)).status().code(), StatusCode::kInvalidArgument);
  std::string flipped_payload = good;
  flipped_payload[good.size() - 5] ^= 1;
  EXPECT_EQ(DecodeEventMessage(flipped_payload).status().code(), StatusCode::kCorruption);
  EXPECT_FALSE(DecodeEventMessage(good + "x").ok());
  EXPECT_FALSE(DecodeEventMessage("").ok());
}

// Builds a frame with valid CRCs around arbitrary header bytes.
std::string FrameWithHeaders(std::string_view headers) {
  std::string frame(12, '\0');
  uint32_t total = static_cast<uint32_t>(16 + headers.size());
  for (int i = 0; i < 4; ++i) frame[i] = static_cast<char>(total >> (24 - 8 * i));
  for (int i = 0; i < 4; ++i) frame[4 + i] = static_cast<char>(headers.size() >> (24 - 8 * i));
  uint32_t crc = EventStreamCrc32(std::string_view(frame).substr(0, 8));
  for (int i = 0; i < 4; ++i) frame[8 + i] = static_cast<char>(crc >> (24 - 8 * i));
  frame += headers;
  crc = EventStreamCrc32(frame);
  for (int i = 0; i < 4; ++i) frame.push_back(static_cast<char>(crc >> (24 - 8 * i)));
  return frame;
}

TEST(EventStreamCodecTest, MalformedHeadersWithValidCrcs) {
  ASSERT_TRUE(DecodeEventMessage(FrameWithHeaders(Hex("017400"))).ok());
  for (std::string_view hex :
       {"00", "05ab", "0174", "01740a", "017402", "01740300", "0174040000", "017405000000",
        "017406", "01740600", "0174060005aa", "0174070001", "01740800", "01740900010203"}) {
    Result<EventMessage> m = DecodeEventMessage(FrameWithHeaders(Hex(hex)));
    EXPECT_FALSE(m.ok()) << hex;
    if (!m.ok()) {
      EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument) << hex;
    }
  }
}

TEST(EventStreamCodecTest, EncoderRejectsOversizeParts) {
  EventMessage m;
  m.headers = {{std::string(256, 'n'), true}};
  EXPECT_FALSE(EncodeEventMessage(m).ok());
  m.headers = {{"", true}};
  EXPECT_FALSE(EncodeEventMessage(m).ok());
  m.headers = {{"s", std::string(65536, 'v')}};
  EXPECT_FALSE(EncodeEventMessage(m).ok());
  m.headers = {{"s", std::string(65535, 'v')}};
  EXPECT_TRUE(EncodeEventMessage(m).ok());
  m.headers.clear();
  m.payload.assign(kEventMaxMessageBytes - 16, 'p');
  EXPECT_TRUE(EncodeEventMessage(m).ok());
  m.payload.push_back('p');
  EXPECT_FALSE(EncodeEventMessage(m).ok());
}

TEST(EventStreamReaderTest, SplitsAStreamFedByteByByte) {
  std::string stream;
  std::vector<EventMessage> sent;
  for (int i = 0; i < 5; ++i) {
    EventMessage m = EveryType();
    m.payload = std::string(i * 100, static_cast<char>('a' + i));
    sent.push_back(m);
    stream += *EncodeEventMessage(m);
  }
  EventStreamReader reader;
  std::vector<EventMessage> got;
  for (char c : stream) {
    reader.Append(std::string_view(&c, 1));
    Result<std::optional<EventMessage>> next = reader.Next();
    ASSERT_TRUE(next.ok()) << next.status().message();
    if (*next) got.push_back(std::move(**next));
  }
  EXPECT_EQ(got, sent);
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(EventStreamReaderTest, BadPreludeIsPermanentError) {
  EventStreamReader reader;
  std::string bad = Hex(kEmpty);
  bad[9] ^= 1;
  reader.Append(bad);
  EXPECT_FALSE(reader.Next().ok());
  std::string huge = Hex("7fffffff00000000");
  uint32_t crc = EventStreamCrc32(huge);
  for (int i = 0; i < 4; ++i) huge.push_back(static_cast<char>(crc >> (24 - 8 * i)));
  EventStreamReader reader2;
  reader2.Append(huge);
  EXPECT_EQ(reader2.Next().status().code(), StatusCode::kInvalidArgument);
}

TEST(EventStreamReaderTest, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  std::string good = Hex(kEveryType);
  for (int i = 0; i < 5000; ++i) {
    std::string input = good;
    for (int k = 0; k < 2; ++k) input[rng() % input.size()] = static_cast<char>(rng());
    EventStreamReader reader;
    reader.Append(input);
    (void)reader.Next();
    (void)DecodeEventMessage(input);
  }
}

TEST(EventStreamMessagesTest, SubscribeToShardShapesInJson) {
  AwsJsonCodec json_codec;
  Result<EventMessage> initial = DecodeEventMessage(*EncodeInitialResponse(json_codec));
  ASSERT_TRUE(initial.ok());
  EXPECT_EQ(initial->StringHeader(":message-type"), "event");
  EXPECT_EQ(initial->StringHeader(":event-type"), "initial-response");
  EXPECT_EQ(initial->StringHeader(":content-type"), "application/json");
  EXPECT_EQ(initial->payload, "{}");

  Value event = Value::MakeObject();
  Value record = Value::MakeObject();
  record.Set("Data", Value::Bytes("hi"));
  record.Set("ApproximateArrivalTimestamp", Value::Timestamp(1700000000500));
  event.Set("Records", Value::Array{record});
  event.Set("MillisBehindLatest", 0);
  Result<EventMessage> m =
      DecodeEventMessage(*EncodeEvent("SubscribeToShardEvent", event, json_codec));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->StringHeader(":event-type"), "SubscribeToShardEvent");
  EXPECT_EQ(m->payload,
            R"({"Records":[{"Data":"aGk=","ApproximateArrivalTimestamp":1700000000.5}],)"
            R"("MillisBehindLatest":0})");

  Result<EventMessage> e = DecodeEventMessage(
      *EncodeException(AwsError{"ResourceInUseException", "busy", 400}, json_codec));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->StringHeader(":message-type"), "exception");
  EXPECT_EQ(e->StringHeader(":exception-type"), "ResourceInUseException");
  EXPECT_EQ(e->payload, R"({"message":"busy"})");
}

TEST(EventStreamMessagesTest, CborPayloadsForCborRequests) {
  AwsCborCodec cbor;
  Value event = Value::MakeObject();
  event.Set("ContinuationSequenceNumber", "123");
  Result<EventMessage> m = DecodeEventMessage(*EncodeEvent("SubscribeToShardEvent", event, cbor));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->StringHeader(":content-type"), "application/x-amz-cbor-1.1");
  Result<Value> payload = DecodeCbor(m->payload);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(*payload, event);
  Value huge = Value::MakeObject();
  huge.Set("Data", Value::Bytes(std::string(kEventMaxMessageBytes, 'x')));
  EXPECT_FALSE(EncodeEvent("SubscribeToShardEvent", huge, cbor).ok());
}

}  // namespace
}  // namespace millrace::net::aws
