#include "base/endian.h"

#include <gtest/gtest.h>

#include <limits>

namespace millrace {
namespace {

TEST(EndianTest, BigEndianRoundTripAndByteOrder) {
  uint8_t buf[8];
  StoreBE<uint32_t>(buf, 0x01020304u);
  EXPECT_EQ(buf[0], 1);
  EXPECT_EQ(buf[3], 4);
  EXPECT_EQ(LoadBE<uint32_t>(buf), 0x01020304u);
  StoreBE<int64_t>(buf, -2);
  EXPECT_EQ(LoadBE<int64_t>(buf), -2);
  StoreLE<uint32_t>(buf, 0x01020304u);
  EXPECT_EQ(buf[0], 4);
  EXPECT_EQ(LoadLE<uint32_t>(buf), 0x01020304u);
}

TEST(EndianTest, ZigZagVarintsRoundTrip) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{63}, int64_t{-64}, int64_t{64},
                    int64_t{300}, std::numeric_limits<int64_t>::max(),
                    std::numeric_limits<int64_t>::min()}) {
    std::string s;
    PutVarint(s, v);
    const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
    int64_t out = 0;
    ASSERT_TRUE(GetVarint(&p, p + s.size(), &out));
    EXPECT_EQ(out, v);
  }
  std::string one;
  PutVarint(one, -1);
  EXPECT_EQ(one, std::string("\x01", 1));  // Kafka encodes -1 as a single 0x01 byte
}

TEST(EndianTest, TruncatedAndOverlongVarintsFail) {
  std::string s;
  PutUVarint(s, 1u << 20);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  uint64_t v;
  EXPECT_FALSE(GetUVarint(&p, p + s.size() - 1, &v));
  std::string overlong(11, '\x80');
  p = reinterpret_cast<const uint8_t*>(overlong.data());
  EXPECT_FALSE(GetUVarint(&p, p + overlong.size(), &v));
}

}  // namespace
}  // namespace millrace
