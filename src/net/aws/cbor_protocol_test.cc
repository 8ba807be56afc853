// The AWS layer with CBOR bodies, end to end over a loopback HTTP/1.1 connection.
#include <gtest/gtest.h>

#include "base/json.h"
#include "net/aws/aws_protocol.h"
#include "net/aws/cbor_codec.h"
#include "net/loopback_server.h"

namespace millrace::net::aws {
namespace {

namespace asio = boost::asio;

class CborProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto service = std::make_unique<AwsService>("Kinesis_20131202.", "kinesis");
    service->AddOperation("PutRecord", [](const AwsRequest& r) -> asio::awaitable<AwsOutcome> {
      Result<std::string> data = r.params.GetBlob("Data");
      if (!data.ok()) co_return AwsError::Validation(data.status().message());
      Result<int64_t> at = r.params.GetTimestampMillis("At");
      if (!at.ok()) co_return AwsError::Validation(at.status().message());
      Value out = Value::MakeObject();
      out.Set("Data", Value::Bytes(*data + "!"));
      out.Set("DataLength", static_cast<int64_t>(data->size()));
      out.Set("At", Value::Timestamp(*at + 1));
      out.Set("Codec", std::string(r.codec->content_type()));
      co_return out;
    });
    service->AddOperation("Missing", [](const AwsRequest&) -> asio::awaitable<AwsOutcome> {
      co_return AwsError::ResourceNotFound("Stream s1 under account 000000000000 not found.");
    });
    server_.aws().AddService(std::move(service));
    server_.Start();
  }

  std::optional<Response> Call(std::string_view operation, std::string_view body,
                               std::string_view content_type = AwsCborCodec::kContentType) {
    Http1Client client(server_.port());
    std::string headers = "X-Amz-Target: Kinesis_20131202." + std::string(operation) +
                          "\r\nContent-Type: " + std::string(content_type) + "\r\n";
    return client.Request("POST", "/", body, headers);
  }

  static Value CborBody(const std::optional<Response>& r) {
    EXPECT_EQ((*r)["content-type"], "application/x-amz-cbor-1.1");
    Result<Value> v = DecodeCbor(r->body());
    EXPECT_TRUE(v.ok()) << v.status().message();
    return v.ok() ? *v : Value();
  }

  LoopbackServer server_;
};

TEST_F(CborProtocolTest, CborRequestGetsCborAnswer) {
  Value request = Value::MakeObject();
  request.Set("StreamName", "s1");
  request.Set("Data", Value::Bytes(std::string("\x00\x01\xfe", 3)));
  request.Set("At", Value::Timestamp(1700000000000));
  auto r = Call("PutRecord", EncodeCbor(request));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200) << r->body();
  EXPECT_FALSE((*r)["x-amzn-RequestId"].empty());
  Value body = CborBody(r);
  EXPECT_EQ(*body.GetBlob("Data"), std::string("\x00\x01\xfe!", 4));
  EXPECT_EQ(*body.GetInt64("DataLength"), 3);
  ASSERT_NE(body.Find("At"), nullptr);
  EXPECT_EQ(*body.Find("At"), Value::Timestamp(1700000000001));
  EXPECT_EQ(*body.GetString("Codec"), "application/x-amz-cbor-1.1");
}

TEST_F(CborProtocolTest, JsonStillAnswersJson) {
  auto r = Call("PutRecord", R"({"Data":"aGk=","At":1700000000})", "application/x-amz-json-1.1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200) << r->body();
  EXPECT_EQ((*r)["content-type"], "application/x-amz-json-1.1");
  Result<Value> body = json::Parse(r->body());
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body->GetString("Data"), "aGkh");  // "hi!" in base64
  EXPECT_EQ(*body->GetString("Codec"), "application/x-amz-json-1.1");
}

TEST_F(CborProtocolTest, ErrorsAreCbor) {
  auto r = Call("Missing", EncodeCbor(Value::MakeObject()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_EQ((*r)["x-amzn-ErrorType"], "ResourceNotFoundException");
  Value body = CborBody(r);
  EXPECT_EQ(*body.GetString("__type"), "ResourceNotFoundException");
  EXPECT_EQ(*body.GetString("message"), "Stream s1 under account 000000000000 not found.");
}

TEST_F(CborProtocolTest, ValidationErrorFromAWrongKind) {
  Value request = Value::MakeObject();
  request.Set("Data", Value::Bytes("x"));
  request.Set("At", "not a time");
  auto r = Call("PutRecord", EncodeCbor(request));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_EQ(*CborBody(r).GetString("__type"), "ValidationException");
}

TEST_F(CborProtocolTest, MalformedCborIsSerializationException) {
  for (std::string body :
       {std::string("\xa1\x61", 2), std::string("\xff"),
        std::string("\x5b\xff\xff\xff\xff\xff\xff\xff\xff"), std::string("\x83\x01\x02\x03")}) {
    auto r = Call("PutRecord", body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result_int(), 400);
    EXPECT_EQ((*r)["x-amzn-ErrorType"], "SerializationException");
    EXPECT_FALSE(CborBody(r).GetString("message")->empty());
  }
}

TEST_F(CborProtocolTest, UnknownOperationInCbor) {
  auto r = Call("Nope", EncodeCbor(Value::MakeObject()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_EQ(*CborBody(r).GetString("__type"), "UnknownOperationException");
}

}  // namespace
}  // namespace millrace::net::aws
