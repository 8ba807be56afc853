#include "net/aws/sigv4.h"

#include <gtest/gtest.h>

#include <regex>

#include "net/aws/request_id.h"

namespace millrace::net::aws {
namespace {

TEST(SigV4Test, ParsesCredentialScope) {
  SigV4Credential c = ParseAuthorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-2/kinesis/aws4_request, "
      "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123");
  EXPECT_TRUE(c.present);
  EXPECT_EQ(c.access_key, "AKIDEXAMPLE");
  EXPECT_EQ(c.date, "20260101");
  EXPECT_EQ(c.region, "eu-west-2");
  EXPECT_EQ(c.service, "kinesis");
  EXPECT_EQ(c.signed_headers, "host;x-amz-date;x-amz-target");
  EXPECT_EQ(c.signature, "abc123");
  EXPECT_EQ(c.account_id, "000000000000");
}

TEST(SigV4Test, NoSpacesAfterCommasAlsoParses) {
  SigV4Credential c = ParseAuthorization(
      "AWS4-HMAC-SHA256 Credential=K/20260101/ap-south-1/firehose/aws4_request,SignedHeaders=host,"
      "Signature=ff");
  EXPECT_EQ(c.region, "ap-south-1");
  EXPECT_EQ(c.service, "firehose");
  EXPECT_EQ(c.signature, "ff");
}

TEST(SigV4Test, MissingOrGarbledHeadersGiveDefaults) {
  for (std::optional<std::string_view> h :
       {std::optional<std::string_view>(), std::optional<std::string_view>("Basic dXNlcjpwdw=="),
        std::optional<std::string_view>("AWS4-HMAC-SHA256"),
        std::optional<std::string_view>("AWS4-HMAC-SHA256 Credential"),
        std::optional<std::string_view>("AWS4-HMAC-SHA256 Credential=/,,,=")}) {
    SigV4Credential c = ParseAuthorization(h);
    EXPECT_FALSE(c.present) << h.value_or("(none)");
    EXPECT_EQ(c.region, "us-east-1");
    EXPECT_EQ(c.account_id, "000000000000");
  }
  SigV4Credential partial = ParseAuthorization("AWS4-HMAC-SHA256 Credential=AKID/2026");
  EXPECT_TRUE(partial.present);
  EXPECT_EQ(partial.access_key, "AKID");
  EXPECT_EQ(partial.region, "us-east-1");
}

TEST(RequestIdTest, IsAVersion4UuidAndFresh) {
  std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::string a = NewRequestId(), b = NewRequestId();
  EXPECT_TRUE(std::regex_match(a, uuid)) << a;
  EXPECT_TRUE(std::regex_match(b, uuid)) << b;
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace millrace::net::aws
