#include "base/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace millrace {
namespace {

uint32_t Crc(const std::string& s) {
  return crc32c::Value(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Check values from RFC 3720 (iSCSI), appendix B.4.
TEST(Crc32cTest, KnownVectors) {
  EXPECT_EQ(Crc(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending, descending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  for (int i = 31; i >= 0; --i) descending.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc(ascending), 0x46DD794Eu);
  EXPECT_EQ(Crc(descending), 0x113FDB5Cu);
  EXPECT_EQ(Crc("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc(""), 0u);
}

TEST(Crc32cTest, ExtendIsConcatenation) {
  std::string a = "hello, ", b = "world of streams";
  uint32_t crc = crc32c::Value(reinterpret_cast<const uint8_t*>(a.data()), a.size());
  crc = crc32c::Extend(crc, reinterpret_cast<const uint8_t*>(b.data()), b.size());
  EXPECT_EQ(crc, Crc(a + b));
}

TEST(Crc32cTest, PortableMatchesDispatchedOnRandomInput) {
  std::mt19937 rng(7);
  for (int len = 0; len < 300; ++len) {
    std::vector<uint8_t> buf(len);
    for (auto& b : buf) b = static_cast<uint8_t>(rng());
    for (size_t off = 0; off < std::min<size_t>(8, buf.size()); ++off) {
      EXPECT_EQ(crc32c::detail::ExtendPortable(0, buf.data() + off, buf.size() - off),
                crc32c::Value(buf.data() + off, buf.size() - off))
          << "len " << len << " offset " << off;
    }
  }
}

}  // namespace
}  // namespace millrace
