#include "firehose/record_splitting.h"

#include <gtest/gtest.h>

namespace millrace::firehose {
namespace {

using Pieces = std::vector<std::string_view>;

TEST(RecordSplittingTest, ConcatenatedJsonObjects) {
  EXPECT_EQ(*SplitJsonRecords(R"({"a":1}{"a":2})"), (Pieces{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(*SplitJsonRecords("{\"a\":1}\n{\"a\":2}\n"), (Pieces{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(*SplitJsonRecords(" \r\n{\"a\":1} \t {\"b\":[1,{\"c\":2}]}"),
            (Pieces{R"({"a":1})", R"({"b":[1,{"c":2}]})"}));
  EXPECT_EQ(*SplitJsonRecords(R"({"a":1})"), (Pieces{R"({"a":1})"}));
  EXPECT_TRUE(SplitJsonRecords("").value().empty());
  EXPECT_TRUE(SplitJsonRecords(" \n").value().empty());
}

TEST(RecordSplittingTest, BracesInsideStringsDoNotCount) {
  const std::string_view record = R"({"s":"}{\"}"}{"t":"\\"})";
  EXPECT_EQ(*SplitJsonRecords(record), (Pieces{R"({"s":"}{\"}"})", R"({"t":"\\"})"}));
}

TEST(RecordSplittingTest, RejectsWhatIsNotConcatenatedObjects) {
  auto array = SplitJsonRecords(R"([{"a":1},{"a":2}])");
  ASSERT_FALSE(array.ok());
  EXPECT_NE(array.status().message().find("array"), std::string::npos);
  EXPECT_FALSE(SplitJsonRecords(R"({"a":1} junk)").ok());
  EXPECT_FALSE(SplitJsonRecords(R"({"a":1}{"b":)").ok());
  EXPECT_FALSE(SplitJsonRecords(R"({"a":"unterminated})").ok());
  EXPECT_FALSE(SplitJsonRecords("42").ok());
}

TEST(RecordSplittingTest, AtMostFiveHundredSubRecords) {
  std::string record;
  for (int i = 0; i < 500; ++i) record += "{}";
  EXPECT_EQ(SplitJsonRecords(record)->size(), 500u);
  record += "{}";
  auto too_many = SplitJsonRecords(record);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().code(), StatusCode::kResourceExhausted);

  std::string delimited;
  for (int i = 0; i < 501; ++i) delimited += "x##";
  EXPECT_FALSE(SplitDelimitedRecords(delimited, "##").ok());
}

TEST(RecordSplittingTest, Delimited) {
  EXPECT_EQ(*SplitDelimitedRecords("a####b####c", "####"), (Pieces{"a", "b", "c"}));
  EXPECT_EQ(*SplitDelimitedRecords("a####b####", "####"), (Pieces{"a", "b"}));
  EXPECT_EQ(*SplitDelimitedRecords("####a########b", "####"), (Pieces{"a", "b"}));
  EXPECT_EQ(*SplitDelimitedRecords("no delimiter", "|"), (Pieces{"no delimiter"}));
  EXPECT_TRUE(SplitDelimitedRecords("", "|")->empty());
  EXPECT_EQ(*SplitDelimitedRecords(std::string_view("a\0b", 3), std::string_view("\0", 1)),
            (Pieces{"a", "b"}));
}

TEST(RecordSplittingTest, AppendDelimiter) {
  EXPECT_EQ(AppendDelimiter("{\"a\":1}"), "{\"a\":1}\n");
  EXPECT_EQ(AppendDelimiter("x", "\r\n"), "x\r\n");
}

}  // namespace
}  // namespace millrace::firehose
