#include "catalog/catalog_keys.h"

#include <gtest/gtest.h>

namespace millrace::catalog {
namespace {

TEST(CatalogKeysTest, EscapeKeepsLevelsApart) {
  EXPECT_EQ(keys::Escape("plain_name"), "plain_name");
  EXPECT_EQ(keys::Escape("a/b"), "a%2Fb");
  EXPECT_EQ(keys::Escape("100%"), "100%25");
  EXPECT_EQ(keys::Escape(std::string("x\ny", 3)), "x%0Ay");
  // Table "b/c" of database "a" and table "c" of database "a/b" must not share a key.
  EXPECT_NE(keys::Table("a", "b/c"), keys::Table("a/b", "c"));
  EXPECT_EQ(keys::Partition("db", "t", {"2024", "a/b"}), "catalog/part/db/t/2024/a%2Fb");
}

TEST(CatalogKeysTest, TableKeysStayUnderTheirPrefixes) {
  EXPECT_EQ(keys::Table("db", "t").rfind(keys::TablePrefix("db"), 0), 0u);
  EXPECT_EQ(keys::TableVersion("db", "t", 3).rfind(keys::TableVersionsOfDatabase("db"), 0), 0u);
  EXPECT_EQ(keys::Partition("db", "t", {"1"}).rfind(keys::PartitionsOfDatabase("db"), 0), 0u);
  // Table "t" does not catch the partitions of table "t2".
  EXPECT_NE(keys::Partition("db", "t2", {"1"}).rfind(keys::PartitionPrefix("db", "t"), 0), 0u);
}

TEST(CatalogKeysTest, NewerVersionsSortFirst) {
  EXPECT_LT(keys::TableVersion("d", "t", 10), keys::TableVersion("d", "t", 9));
  EXPECT_LT(keys::TableVersion("d", "t", 2), keys::TableVersion("d", "t", 1));
}

TEST(CatalogKeysTest, PageTokensRoundTripAndAreBoundToAPrefix) {
  std::string token = keys::PageToken("catalog/db/sales");
  Result<std::string> key = keys::ResumeKey(token, keys::DatabasePrefix());
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, "catalog/db/sales");
  EXPECT_FALSE(keys::ResumeKey(token, keys::TablePrefix("sales")).ok());
  EXPECT_FALSE(keys::ResumeKey("not base64!", keys::DatabasePrefix()).ok());
}

}  // namespace
}  // namespace millrace::catalog
