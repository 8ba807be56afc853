#include "base/kv_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

namespace millrace {
namespace {

class KvStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kv-store-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<KvStore> OpenStore() {
    auto store = KvStore::Open(dir_ + "/kv");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::vector<std::string> Keys(const KvStore& store, std::string_view prefix,
                                std::string_view start_after = "", size_t limit = 100) {
    std::vector<std::string> keys;
    Status s = store.Scan(prefix, start_after, [&](std::string_view k, std::string_view) {
      keys.emplace_back(k);
      return keys.size() < limit;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return keys;
  }

  std::string dir_;
};

TEST_F(KvStoreTest, PutGetDelete) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto missing = store->Get("a");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  ASSERT_TRUE(store->Put("a", std::string("x\0y", 3)).ok());
  auto got = store->Get("a");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, std::string("x\0y", 3));

  ASSERT_TRUE(store->Delete("a").ok());
  EXPECT_FALSE(store->Get("a")->has_value());
  EXPECT_TRUE(store->Delete("never-there").ok());
}

TEST_F(KvStoreTest, BatchAppliesEveryOperation) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Put("gone", "1").ok());
  KvWriteBatch batch;
  batch.Put("k1", "v1");
  batch.Put("k2", "v2");
  batch.Delete("gone");
  ASSERT_TRUE(store->Write(batch).ok());
  EXPECT_EQ(**store->Get("k1"), "v1");
  EXPECT_EQ(**store->Get("k2"), "v2");
  EXPECT_FALSE(store->Get("gone")->has_value());
}

TEST_F(KvStoreTest, ScanStaysInsidePrefixInKeyOrder) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  for (const char* k : {"t/b", "t/a", "t/c", "u/a", "s/z", "t"}) ASSERT_TRUE(store->Put(k, k).ok());
  EXPECT_EQ(Keys(*store, "t/"), (std::vector<std::string>{"t/a", "t/b", "t/c"}));
  EXPECT_EQ(Keys(*store, "t/", "t/a"), (std::vector<std::string>{"t/b", "t/c"}));
  EXPECT_EQ(Keys(*store, "t/", "t/bb"), (std::vector<std::string>{"t/c"}));
  EXPECT_EQ(Keys(*store, "t/", "", 2), (std::vector<std::string>{"t/a", "t/b"}));
  EXPECT_EQ(Keys(*store, "t/", "t/c"), std::vector<std::string>{});
  EXPECT_EQ(Keys(*store, "v/"), std::vector<std::string>{});
  EXPECT_EQ(Keys(*store, "").size(), 6u);
}

TEST_F(KvStoreTest, ValuesSurviveReopen) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Put("durable", "yes").ok());
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(**store->Get("durable"), "yes");
}

TEST_F(KvStoreTest, SecondOpenOfTheSameDirectoryFails) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto second = KvStore::Open(dir_ + "/kv");
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace millrace
