#include "net/aws/aws_protocol.h"

#include <gtest/gtest.h>

#include <regex>

#include "base/json.h"
#include "net/loopback_server.h"

namespace millrace::net::aws {
namespace {

namespace asio = boost::asio;

const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

class AwsProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto service = std::make_unique<AwsService>("Test_20200101.", "test");
    // Echo: returns the StreamName, the decoded Data blob, and what SigV4 parsing found.
    service->AddOperation("Echo", [](const AwsRequest& r) -> asio::awaitable<AwsOutcome> {
      Result<std::string> name = r.params.GetString("StreamName");
      if (!name.ok()) co_return AwsError::Validation(name.status().message());
      Value out = Value::MakeObject();
      out.Set("StreamName", *name);
      if (r.params.Has("Data")) {
        Result<std::string> data = r.params.GetBlob("Data");
        if (!data.ok()) co_return AwsError::Validation(data.status().message());
        out.Set("DataLength", static_cast<int64_t>(data->size()));
        out.Set("Data", Value::Bytes(*data));
      }
      out.Set("Operation", r.operation);
      out.Set("Region", r.credential.region);
      out.Set("AccessKey", r.credential.access_key);
      out.Set("At", Value::Timestamp(1700000000500));
      co_return out;
    });
    service->AddOperation("Missing", [](const AwsRequest&) -> asio::awaitable<AwsOutcome> {
      co_return AwsError::ResourceNotFound("Stream s1 under account 000000000000 not found.");
    });
    service->AddOperation("Busy", [](const AwsRequest&) -> asio::awaitable<AwsOutcome> {
      co_return AwsError::FromStatus(Status::Unavailable("shutting down"));
    });
    service->AddOperation("Throws", [](const AwsRequest&) -> asio::awaitable<AwsOutcome> {
      throw std::runtime_error("bug");
      co_return Value();
    });
    service->AddRawOperation("Raw", [](const AwsRequest& r) -> asio::awaitable<HttpResponse> {
      co_return HttpResponse::Text(200, "application/vnd.amazon.eventstream", "raw:" + r.operation);
    });
    service->set_max_body_bytes(1000);
    server_.aws().AddService(std::move(service));
    server_.Start();
  }

  std::optional<Response> Call(std::string_view target, std::string_view body,
                               std::string_view extra_headers = {}) {
    Http1Client client(server_.port());
    std::string headers = "X-Amz-Target: " + std::string(target) +
                          "\r\nContent-Type: application/x-amz-json-1.1\r\n" +
                          std::string(extra_headers);
    return client.Request("POST", "/", body, headers);
  }

  static void ExpectError(const std::optional<Response>& r, int status, std::string_view type) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result_int(), status);
    EXPECT_EQ((*r)["x-amzn-ErrorType"], type);
    EXPECT_EQ((*r)["content-type"], "application/x-amz-json-1.1");
    EXPECT_TRUE(std::regex_match(std::string((*r)["x-amzn-RequestId"]), kUuid));
    Result<Value> body = json::Parse(r->body());
    ASSERT_TRUE(body.ok()) << r->body();
    EXPECT_EQ(*body->GetString("__type"), type);
    EXPECT_FALSE(body->GetString("message")->empty());
  }

  LoopbackServer server_;
};

TEST_F(AwsProtocolTest, SuccessDecodesBlobsAndCredentials) {
  auto r = Call("Test_20200101.Echo", R"({"StreamName":"s1","Data":"aGVsbG8="})",
                "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/test/"
                "aws4_request, SignedHeaders=host, Signature=00\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ((*r)["content-type"], "application/x-amz-json-1.1");
  EXPECT_TRUE(std::regex_match(std::string((*r)["x-amzn-RequestId"]), kUuid));
  EXPECT_EQ(r->body(), R"({"StreamName":"s1","DataLength":5,"Data":"aGVsbG8=","Operation":"Echo",)"
                       R"("Region":"eu-west-1","AccessKey":"AKID","At":1700000000.5})");
}

TEST_F(AwsProtocolTest, EveryResponseGetsAFreshRequestId) {
  auto a = Call("Test_20200101.Echo", R"({"StreamName":"s"})");
  auto b = Call("Test_20200101.Echo", R"({"StreamName":"s"})");
  ASSERT_TRUE(a && b);
  EXPECT_NE((*a)["x-amzn-RequestId"], (*b)["x-amzn-RequestId"]);
}

TEST_F(AwsProtocolTest, EmptyBodyIsAnEmptyStructure) {
  auto r = Call("Test_20200101.Echo", "");
  ExpectError(r, 400, "ValidationException");
  EXPECT_NE(r->body().find("StreamName is required"), std::string::npos) << r->body();
}

TEST_F(AwsProtocolTest, UnknownOperationAndUnknownService) {
  ExpectError(Call("Test_20200101.Nope", "{}"), 400, "UnknownOperationException");
  ExpectError(Call("Other_20200101.Nope", "{}"), 400, "UnknownOperationException");
}

TEST_F(AwsProtocolTest, MalformedBodyIsSerializationException) {
  ExpectError(Call("Test_20200101.Echo", "{\"StreamName\":"), 400, "SerializationException");
  ExpectError(Call("Test_20200101.Echo", "[1,2]"), 400, "SerializationException");
}

TEST_F(AwsProtocolTest, ErrorStatusCodes) {
  ExpectError(Call("Test_20200101.Missing", "{}"), 400, "ResourceNotFoundException");
  ExpectError(Call("Test_20200101.Busy", "{}"), 503, "ServiceUnavailable");
  ExpectError(Call("Test_20200101.Throws", "{}"), 500, "InternalFailure");
  ExpectError(Call("Test_20200101.Echo", R"({"StreamName":"s","Data":"%%%"})"), 400,
              "ValidationException");
}

TEST_F(AwsProtocolTest, OversizeBodyIsAwsShaped413) {
  auto r = Call("Test_20200101.Echo", "{\"StreamName\":\"" + std::string(2000, 'a') + "\"}");
  ExpectError(r, 413, "RequestEntityTooLargeException");
}

TEST_F(AwsProtocolTest, RawOperationReturnsItsOwnResponse) {
  auto r = Call("Test_20200101.Raw", "{}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body(), "raw:Raw");
  EXPECT_EQ((*r)["content-type"], "application/vnd.amazon.eventstream");
  EXPECT_TRUE(std::regex_match(std::string((*r)["x-amzn-RequestId"]), kUuid));
}

TEST(AwsErrorTest, FromStatusMapping) {
  EXPECT_EQ(AwsError::FromStatus(Status::InvalidArgument("x")).type, "ValidationException");
  EXPECT_EQ(AwsError::FromStatus(Status::NotFound("x")).type, "ResourceNotFoundException");
  EXPECT_EQ(AwsError::FromStatus(Status::AlreadyExists("x")).type, "ResourceInUseException");
  EXPECT_EQ(AwsError::FromStatus(Status::ResourceExhausted("x")).type, "LimitExceededException");
  AwsError internal = AwsError::FromStatus(Status::Corruption("bad crc"));
  EXPECT_EQ(internal.type, "InternalFailure");
  EXPECT_EQ(internal.http_status, 500);
  EXPECT_EQ(internal.message, "bad crc");
}

}  // namespace
}  // namespace millrace::net::aws
