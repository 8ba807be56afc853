#include "firehose/checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace millrace::firehose {
namespace {

TEST(CheckpointTest, EncodeDecodeRoundTrip) {
  SourceCheckpoint cp{"orders", {{0, 17}, {3, 0}, {12, 123456789012}}};
  Result<SourceCheckpoint> back = DecodeCheckpoint(EncodeCheckpoint(cp));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, cp);
}

TEST(CheckpointTest, TornOrDamagedTextIsRejected) {
  std::string text = EncodeCheckpoint({"t", {{0, 5}, {1, 6}}});
  // Every strict prefix is a torn write and must be refused, never half-read.
  for (size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(DecodeCheckpoint(text.substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(DecodeCheckpoint("version=2\ntopic=t\nend\n").ok());
  EXPECT_FALSE(DecodeCheckpoint("version=1\ntopic=t\n0 x\nend\n").ok());
  EXPECT_FALSE(DecodeCheckpoint("version=1\ntopic=t\n0 1\n0 2\nend\n").ok());
  EXPECT_FALSE(DecodeCheckpoint("version=1\ntopic=t\n-1 2\nend\n").ok());
}

TEST(CheckpointTest, SaveAndLoad) {
  std::string dir = ::testing::TempDir() + "/fh_checkpoint_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = dir + "/cp";
  EXPECT_EQ(LoadCheckpoint(path).status().code(), StatusCode::kNotFound);
  SourceCheckpoint cp{"__firehose.s", {{0, 42}}};
  ASSERT_TRUE(SaveCheckpoint(path, cp).ok());
  Result<SourceCheckpoint> back = LoadCheckpoint(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, cp);
  cp.offsets[0] = 43;
  ASSERT_TRUE(SaveCheckpoint(path, cp).ok());
  EXPECT_EQ(LoadCheckpoint(path)->offsets.at(0), 43);
}

TEST(CheckpointTest, SafeOffsetsNeverPassABufferedRecord) {
  std::map<int32_t, int64_t> read = {{0, 100}, {1, 50}, {2, 7}};
  std::map<int32_t, int64_t> a = {{0, 40}, {1, 45}};
  std::map<int32_t, int64_t> b = {{0, 60}};
  std::map<int32_t, int64_t> safe = SafeOffsets(read, {&a, &b});
  EXPECT_EQ(safe.at(0), 40);  // lowest held in any buffer
  EXPECT_EQ(safe.at(1), 45);
  EXPECT_EQ(safe.at(2), 7);  // nothing held: everything read is delivered
  // Once buffer a is published, partition 0 moves up to b's lowest, partition 1 to its read end.
  safe = SafeOffsets(read, {&b});
  EXPECT_EQ(safe.at(0), 60);
  EXPECT_EQ(safe.at(1), 50);
  safe = SafeOffsets(read, {});
  EXPECT_EQ(safe, read);
}

}  // namespace
}  // namespace millrace::firehose
