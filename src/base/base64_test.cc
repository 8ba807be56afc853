#include "base/base64.h"

#include <gtest/gtest.h>

#include <random>

namespace millrace {
namespace {

// Test vectors from RFC 4648 section 10.
TEST(Base64Test, RfcVectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},          {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : cases) {
    EXPECT_EQ(base64::Encode(plain), encoded);
    EXPECT_EQ(base64::Decode(encoded), std::optional<std::string>(plain));
  }
}

TEST(Base64Test, RejectsMalformed) {
  for (const char* bad : {"Zg=", "Zm9v!A==", "Z===", "=Zm9", "Zg==Zg==", "Zm9v\n"}) {
    EXPECT_EQ(base64::Decode(bad), std::nullopt) << bad;
  }
}

TEST(Base64Test, RandomRoundTrip) {
  std::mt19937 rng(1);
  for (int len = 0; len < 200; ++len) {
    std::string s(len, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    EXPECT_EQ(base64::Decode(base64::Encode(s)), std::optional<std::string>(s));
  }
}

}  // namespace
}  // namespace millrace
