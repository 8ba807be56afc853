#include "firehose/object_name.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "firehose/random_names.h"

namespace millrace::firehose {
namespace {

constexpr int64_t kAug27 = 1535365815123;  // 2018-08-27T10:30:15.123Z

TEST(ObjectNameTest, HasFirehoseShape) {
  const std::string name = ObjectName("orders", 3, kAug27, ".gz");
  const std::regex shape(
      "orders-3-2018-08-27-10-30-15-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
      "[0-9a-f]{12}\\.gz");
  EXPECT_TRUE(std::regex_match(name, shape)) << name;
  EXPECT_NE(ObjectName("orders", 3, kAug27, ".gz"), name);  // a new uuid each time
}

TEST(ObjectNameTest, UsesTheCustomTimeZone) {
  auto tokyo = CustomTimeZone::Parse("+09:00");
  ASSERT_TRUE(tokyo.ok());
  const std::string name = ObjectName("s", 1, kAug27, "", &*tokyo);
  EXPECT_EQ(name.substr(0, 24), "s-1-2018-08-27-19-30-15-");
  EXPECT_EQ(name.size(), 24u + 36u);
}

TEST(ObjectNameTest, FileExtensionRules) {
  EXPECT_TRUE(ValidateFileExtension("").ok());
  EXPECT_TRUE(ValidateFileExtension(".json.gz").ok());
  EXPECT_TRUE(ValidateFileExtension(".a-b_c!(d)*'").ok());
  EXPECT_FALSE(ValidateFileExtension("json").ok());
  EXPECT_FALSE(ValidateFileExtension(".JSON").ok());
  EXPECT_FALSE(ValidateFileExtension(".a/b").ok());
}

TEST(RandomNamesTest, RandomStringsAreElevenAlphanumerics) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string s = RandomPrefixString();
    EXPECT_TRUE(std::regex_match(s, std::regex("[0-9a-zA-Z]{11}"))) << s;
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace millrace::firehose
