// Crash recovery: damage the tail segment at every byte position and check that reopening keeps
// exactly the batches wholly before the damage; damaged or missing indexes are rebuilt.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "log/batch_scanner.h"
#include "log/log_test_util.h"
#include "log/record_batch_reader.h"

namespace millrace::log {
namespace {

namespace fs = std::filesystem;
using testing::MakeBatch;
using testing::OpenLog;
using testing::ScratchDir;

// Thousands of reopen cycles: use tmpfs when there is one, where fsync costs nothing.
std::string FastScratchParent() {
  return fs::is_directory("/dev/shm") ? "/dev/shm" : fs::temp_directory_path().string();
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Every record from `from` to the watermark, as "offset:value".
std::vector<std::string> ReadRecords(Partition* p) {
  std::vector<std::string> out;
  int64_t offset = p->LogStartOffset();
  while (offset < p->HighWatermark()) {
    auto read = p->Read(offset, 1 << 20);
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    if (!read.ok() || read->bytes.empty()) break;
    size_t pos = 0;
    while (pos < read->bytes.size()) {
      auto reader = RecordBatchReader::Open(AsBytes(read->bytes).subspan(pos));
      EXPECT_TRUE(reader.ok()) << reader.status().ToString();
      if (!reader.ok()) return out;
      while (true) {
        auto record = reader->Next();
        EXPECT_TRUE(record.ok());
        if (!record.ok() || !record->has_value()) break;
        out.push_back(std::to_string((*record)->offset) + ":" + std::string(*(*record)->value));
      }
      pos += reader->header().TotalSize();
    }
    offset = read->next_offset;
  }
  return out;
}

struct TailBatch {
  uint64_t start;
  uint64_t end;
  int64_t records;
};

class RecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = OpenLog(pristine_.path());
    PartitionConfig config;
    config.fsync = FsyncPolicy::kNever;
    config.segment_bytes = 1024;
    config.index_interval_bytes = 100;
    Partition* p = *log->Create({"t", 0}, config);
    for (int i = 0; i < 9; ++i) {
      auto r = p->AppendBlocking(MakeBatch("b" + std::to_string(i), 1 + i % 3, 1000 * i, 60));
      ASSERT_TRUE(r.ok());
    }
    ASSERT_EQ(p->segment_count(), 2u);
    all_records_ = ReadRecords(p);
    for (int64_t ts = -1; ts < 9000; ts += 250)
      timestamp_answers_.push_back(*p->OffsetForTimestamp(ts));
    ASSERT_TRUE(log->Close().ok());
    partition_dir_ = "/log/t-0";
    for (const auto& entry : fs::directory_iterator(pristine_.path() + partition_dir_)) {
      std::string name = entry.path().filename().string();
      if (name.ends_with(".log") && name > tail_name_) tail_name_ = name;
    }
    tail_base_ = std::stoll(tail_name_.substr(0, 20));
    tail_bytes_ = ReadFileBytes(pristine_.path() + partition_dir_ + "/" + tail_name_);
    auto file = File::Open(pristine_.path() + partition_dir_ + "/" + tail_name_, false);
    ASSERT_TRUE(file.ok());
    BatchScanner scanner(*file, 0, tail_bytes_.size());
    while (true) {
      auto next = scanner.Next(true);
      ASSERT_TRUE(next.ok());
      if (!next->has_value()) break;
      tail_.push_back({(*next)->position, (*next)->position + (*next)->header.TotalSize(),
                       (*next)->header.last_offset_delta + 1});
    }
    ASSERT_GE(tail_.size(), 2u);
  }

  // Copies the pristine log to a fresh dir, applies `damage` to the tail segment, reopens and
  // checks that exactly the first `kept` tail batches survive and appends continue densely.
  void CheckRecovery(const std::string& damaged_tail, size_t kept, const std::string& what) {
    ScratchDir work(FastScratchParent());
    fs::copy(pristine_.path(), work.path(), fs::copy_options::recursive);
    std::string tail_path = work.path() + partition_dir_ + "/" + tail_name_;
    WriteFileBytes(tail_path, damaged_tail);
    int64_t expected_hwm = tail_base_;
    for (size_t i = 0; i < kept; ++i) expected_hwm += tail_[i].records;
    {
      auto log = OpenLog(work.path());
      ASSERT_NE(log, nullptr) << what;
      Partition* p = *log->Get({"t", 0});
      ASSERT_EQ(p->HighWatermark(), expected_hwm) << what;
      std::vector<std::string> expected(all_records_.begin(), all_records_.begin() + expected_hwm);
      ASSERT_EQ(ReadRecords(p), expected) << what;
      EXPECT_EQ(fs::file_size(tail_path), kept == 0 ? 0 : tail_[kept - 1].end) << what;
      auto r = p->AppendBlocking(MakeBatch("after", 2));
      ASSERT_TRUE(r.ok()) << what;
      ASSERT_EQ(r->base_offset, expected_hwm) << what;
    }
    // And the recovered log reopens cleanly with the new batch in place.
    auto log = OpenLog(work.path());
    ASSERT_EQ((*log->Get({"t", 0}))->HighWatermark(), expected_hwm + 2) << what;
  }

  ScratchDir pristine_{FastScratchParent()};
  std::string partition_dir_;
  std::string tail_name_;
  int64_t tail_base_ = 0;
  std::string tail_bytes_;
  std::vector<TailBatch> tail_;
  std::vector<std::string> all_records_;
  std::vector<int64_t> timestamp_answers_;  // OffsetForTimestamp(-1 + 250 * i)
};

TEST_F(RecoveryTest, TruncationAtEveryByteKeepsTheValidPrefix) {
  for (size_t cut = 0; cut < tail_bytes_.size(); ++cut) {
    size_t kept = 0;
    while (kept < tail_.size() && tail_[kept].end <= cut) ++kept;
    CheckRecovery(tail_bytes_.substr(0, cut), kept, "truncated at " + std::to_string(cut));
    if (HasFatalFailure()) return;
  }
}

TEST_F(RecoveryTest, ByteFlipAtEveryPositionKeepsBatchesBeforeIt) {
  for (size_t pos = 0; pos < tail_bytes_.size(); ++pos) {
    size_t kept = 0;
    while (kept < tail_.size() && tail_[kept].end <= pos) ++kept;
    std::string damaged = tail_bytes_;
    damaged[pos] = static_cast<char>(damaged[pos] ^ 0xFF);
    CheckRecovery(damaged, kept, "byte flipped at " + std::to_string(pos));
    if (HasFatalFailure()) return;
  }
}

TEST_F(RecoveryTest, GarbageAppendedAfterTheLastBatchIsCut) {
  CheckRecovery(tail_bytes_ + std::string(100, '\x5a'), tail_.size(), "garbage tail");
  CheckRecovery(tail_bytes_ + std::string(7, '\0'), tail_.size(), "zero tail");
}

TEST_F(RecoveryTest, MissingOrGarbledIndexesAreRebuilt) {
  std::string dir = pristine_.path() + partition_dir_;
  std::map<std::string, std::string> originals;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.ends_with("index")) originals[name] = ReadFileBytes(entry.path().string());
  }
  ASSERT_EQ(originals.size(), 4u);
  for (const auto& [name, bytes] : originals) ASSERT_FALSE(bytes.empty()) << name;
  for (const auto& [name, bytes] : originals) {
    for (int mode = 0; mode < 3; ++mode) {
      ScratchDir work(FastScratchParent());
      fs::copy(pristine_.path(), work.path(), fs::copy_options::recursive);
      std::string path = work.path() + partition_dir_ + "/" + name;
      if (mode == 0) fs::remove(path);
      if (mode == 1) WriteFileBytes(path, std::string(bytes.size(), '\xff'));
      if (mode == 2) WriteFileBytes(path, bytes.substr(0, bytes.size() - 5));
      {
        auto log = OpenLog(work.path());
        Partition* p = *log->Get({"t", 0});
        EXPECT_EQ(ReadRecords(p), all_records_) << name << " mode " << mode;
        std::vector<int64_t> answers;
        for (int64_t ts = -1; ts < 9000; ts += 250) answers.push_back(*p->OffsetForTimestamp(ts));
        EXPECT_EQ(answers, timestamp_answers_) << name << " mode " << mode;
      }
      EXPECT_EQ(ReadFileBytes(path), bytes) << name << " mode " << mode << " not rebuilt";
    }
  }
}

}  // namespace
}  // namespace millrace::log
