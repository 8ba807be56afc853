#include "lake/byte_range.h"

#include <gtest/gtest.h>

namespace millrace::lake {
namespace {

TEST(ByteRange, ParsesTheThreeForms) {
  auto r = ParseByteRange("bytes=10-19");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r->first, 10u);
  EXPECT_EQ(*r->last, 19u);
  r = ParseByteRange("bytes=5-");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->last);
  r = ParseByteRange("bytes=-7");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->first);
  EXPECT_EQ(r->suffix_length, 7u);
  for (const char* ignored : {"bytes=1-2,4-5", "items=1-2", "bytes=x-2", "bytes=5-1", "bytes=-"}) {
    EXPECT_FALSE(ParseByteRange(ignored)) << ignored;
  }
}

TEST(ByteRange, ResolvesAgainstTheSize) {
  auto r = ResolveByteRange(*ParseByteRange("bytes=10-19"), 100);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->offset, 10u);
  EXPECT_EQ(r->length, 10u);
  r = ResolveByteRange(*ParseByteRange("bytes=90-200"), 100);
  EXPECT_EQ(r->length, 10u);
  r = ResolveByteRange(*ParseByteRange("bytes=-30"), 100);
  EXPECT_EQ(r->offset, 70u);
  r = ResolveByteRange(*ParseByteRange("bytes=-300"), 100);
  EXPECT_EQ(r->offset, 0u);
  EXPECT_EQ(r->length, 100u);
  EXPECT_FALSE(ResolveByteRange(*ParseByteRange("bytes=100-"), 100).ok());
  EXPECT_FALSE(ResolveByteRange(*ParseByteRange("bytes=-0"), 100).ok());
  EXPECT_FALSE(ResolveByteRange(*ParseByteRange("bytes=0-"), 0).ok());
}

}  // namespace
}  // namespace millrace::lake
