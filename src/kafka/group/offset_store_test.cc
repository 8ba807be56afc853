#include "kafka/group/offset_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace millrace::kafka {
namespace {

class OffsetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("offset_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(OffsetStoreTest, CommitsSurviveReopen) {
  {
    auto store = OffsetStore::Open(dir_.string());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        (*store)
            ->Commit("g 1/x", {{{"topic", 0}, {42, 0, "meta data"}}, {{"topic", 3}, {7, -1, ""}}})
            .ok());
    ASSERT_TRUE((*store)->Commit("g 1/x", {{{"topic", 0}, {50, 0, ""}}}).ok());
    ASSERT_TRUE((*store)->Commit("other", {{{"t2", 1}, {1, -1, ""}}}).ok());
  }
  auto store = OffsetStore::Open(dir_.string());
  ASSERT_TRUE(store.ok());
  auto c = (*store)->Get("g 1/x", {"topic", 0});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->offset, 50);
  EXPECT_EQ((*store)->Get("g 1/x", {"topic", 3})->offset, 7);
  EXPECT_FALSE((*store)->Get("g 1/x", {"topic", 1}).has_value());
  EXPECT_EQ((*store)->GetAll("other").size(), 1u);
  EXPECT_EQ((*store)->Groups().size(), 2u);
}

TEST_F(OffsetStoreTest, EncodeDecodeRoundTrip) {
  std::map<TopicPartition, CommittedOffset> in = {{{"a b", 0}, {1, 2, "x\ny"}},
                                                  {{"", 5}, {-1, -1, ""}}};
  std::map<TopicPartition, CommittedOffset> out;
  ASSERT_TRUE(OffsetStore::Decode(OffsetStore::Encode(in), &out).ok());
  EXPECT_EQ(in, out);
  EXPECT_FALSE(OffsetStore::Decode("zz 1 2 3 -\n", &out).ok());
  EXPECT_FALSE(OffsetStore::Decode("61 1\n", &out).ok());
}

TEST_F(OffsetStoreTest, CorruptFileIsReported) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "67.offsets") << "garbage\n";
  EXPECT_FALSE(OffsetStore::Open(dir_.string()).ok());
}

}  // namespace
}  // namespace millrace::kafka
