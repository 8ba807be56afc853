#include "lake/object_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "lake/digest.h"
#include "lake/errors.h"

namespace millrace::lake {
namespace {

namespace fs = std::filesystem;

LakeErrc CodeOf(const Status& s) { return S3ErrorOf(s).code; }

class ObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lake-test-" + RandomHex(6));
    auto store = ObjectStore::Open(dir_.string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->CreateBucket("lake").ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string ReadAll(std::string_view bucket, std::string_view key,
                      std::optional<ByteRange> range = std::nullopt) {
    auto reader = store_->GetObject(bucket, key, range);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    if (!reader.ok()) return "";
    std::string all, piece;
    for (;;) {
      EXPECT_TRUE((*reader)->Read(piece, 3).ok());
      if (piece.empty()) break;
      all += piece;
    }
    return all;
  }
  std::vector<std::string> Keys(const ListResult& r) {
    std::vector<std::string> out;
    for (const auto& o : r.objects) out.push_back(o.key);
    return out;
  }

  fs::path dir_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(ObjectStoreTest, Buckets) {
  EXPECT_EQ(CodeOf(store_->CreateBucket("lake")), LakeErrc::kBucketAlreadyOwnedByYou);
  EXPECT_EQ(CodeOf(store_->CreateBucket("Bad_Name")), LakeErrc::kInvalidBucketName);
  ASSERT_TRUE(store_->CreateBucket("another").ok());
  auto buckets = store_->ListBuckets();
  ASSERT_TRUE(buckets.ok());
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].name, "another");
  EXPECT_GT((*buckets)[0].created_ms, 0);
  EXPECT_TRUE(store_->HeadBucket("lake").ok());
  EXPECT_EQ(CodeOf(store_->HeadBucket("nope")), LakeErrc::kNoSuchBucket);
  ASSERT_TRUE(store_->PutObject("another", "k", {}, "v").ok());
  EXPECT_EQ(CodeOf(store_->DeleteBucket("another")), LakeErrc::kBucketNotEmpty);
  ASSERT_TRUE(store_->DeleteObject("another", "k").ok());
  EXPECT_TRUE(store_->DeleteBucket("another").ok());
  EXPECT_EQ(CodeOf(store_->DeleteBucket("another")), LakeErrc::kNoSuchBucket);
}

TEST_F(ObjectStoreTest, PutGetHeadAtTheReadablePath) {
  ObjectAttributes attrs;
  attrs.content_type = "application/json";
  attrs.user_metadata = {{"origin", "test"}};
  auto meta = store_->PutObject("lake", "year=2024/part-0.json", attrs, "hello world");
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ(meta->etag, HexOf(Md5Of("hello world")));
  EXPECT_EQ(meta->size, 11u);
  std::ifstream on_disk(dir_ / "lake" / "lake" / "year=2024" / "part-0.json");
  std::string text((std::istreambuf_iterator<char>(on_disk)), {});
  EXPECT_EQ(text, "hello world");
  auto head = store_->HeadObject("lake", "year=2024/part-0.json");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->etag, meta->etag);
  EXPECT_EQ(head->attributes.content_type, "application/json");
  ASSERT_EQ(head->attributes.user_metadata.size(), 1u);
  EXPECT_EQ(head->attributes.user_metadata[0].second, "test");
  EXPECT_EQ(ReadAll("lake", "year=2024/part-0.json"), "hello world");
  EXPECT_EQ(ReadAll("lake", "year=2024/part-0.json", ParseByteRange("bytes=6-")), "world");
  EXPECT_EQ(CodeOf(store_->GetObject("lake", "year=2024/part-0.json", ParseByteRange("bytes=11-"))
                       .status()),
            LakeErrc::kInvalidRange);
  // Overwrite replaces bytes and metadata together.
  ASSERT_TRUE(store_->PutObject("lake", "year=2024/part-0.json", {}, "v2").ok());
  head = store_->HeadObject("lake", "year=2024/part-0.json");
  EXPECT_EQ(head->etag, HexOf(Md5Of("v2")));
  EXPECT_EQ(head->attributes.content_type, "binary/octet-stream");
  // Missing things.
  EXPECT_EQ(CodeOf(store_->HeadObject("lake", "nope").status()), LakeErrc::kNoSuchKey);
  EXPECT_EQ(CodeOf(store_->HeadObject("lake", "year=2024").status()), LakeErrc::kNoSuchKey);
  EXPECT_EQ(CodeOf(store_->HeadObject("nope", "k").status()), LakeErrc::kNoSuchBucket);
  // Temporaries never appear in the bucket tree.
  for (const auto& e : fs::recursive_directory_iterator(dir_ / "lake")) {
    EXPECT_NE(e.path().extension(), ".tmp") << e.path();
  }
}

TEST_F(ObjectStoreTest, UncommittedWriterLeavesNothing) {
  {
    auto writer = store_->BeginPut("lake", "partial", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("half of it").ok());
    EXPECT_EQ(CodeOf(store_->HeadObject("lake", "partial").status()), LakeErrc::kNoSuchKey);
  }
  EXPECT_EQ(CodeOf(store_->HeadObject("lake", "partial").status()), LakeErrc::kNoSuchKey);
  EXPECT_TRUE(fs::is_empty(dir_ / "lake-tmp" / "uploads"));
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "lake-tmp")) files += e.is_regular_file();
  EXPECT_EQ(files, 0u);
}

TEST_F(ObjectStoreTest, ContentMd5MismatchIsBadDigest) {
  auto writer = store_->BeginPut("lake", "k", {});
  ASSERT_TRUE((*writer)->Append("abc").ok());
  EXPECT_EQ(CodeOf((*writer)->Commit(Md5Of("abd")).status()), LakeErrc::kBadDigest);
  EXPECT_EQ(CodeOf(store_->HeadObject("lake", "k").status()), LakeErrc::kNoSuchKey);
}

TEST_F(ObjectStoreTest, KeyConflictsAreClearErrors) {
  ASSERT_TRUE(store_->PutObject("lake", "a", {}, "file").ok());
  EXPECT_EQ(CodeOf(store_->PutObject("lake", "a/b", {}, "x").status()), LakeErrc::kInvalidArgument);
  ASSERT_TRUE(store_->PutObject("lake", "d/e", {}, "x").ok());
  EXPECT_EQ(CodeOf(store_->PutObject("lake", "d", {}, "x").status()), LakeErrc::kInvalidArgument);
  EXPECT_EQ(CodeOf(store_->PutObject("lake", "x//y", {}, "x").status()), LakeErrc::kInvalidArgument);
  EXPECT_EQ(ReadAll("lake", "a"), "file");
}

TEST_F(ObjectStoreTest, DeleteRemovesEmptyDirectories) {
  ASSERT_TRUE(store_->PutObject("lake", "p/q/r/s", {}, "x").ok());
  ASSERT_TRUE(store_->PutObject("lake", "p/t", {}, "y").ok());
  ASSERT_TRUE(store_->DeleteObject("lake", "p/q/r/s").ok());
  EXPECT_FALSE(fs::exists(dir_ / "lake" / "lake" / "p" / "q"));
  EXPECT_TRUE(fs::exists(dir_ / "lake" / "lake" / "p" / "t"));
  EXPECT_TRUE(store_->DeleteObject("lake", "never-there").ok());
  EXPECT_TRUE(store_->DeleteObject("lake", "p").ok());  // a prefix, not an object: no-op
  EXPECT_EQ(ReadAll("lake", "p/t"), "y");
}

TEST_F(ObjectStoreTest, CopyKeepsOrReplacesAttributes) {
  ObjectAttributes attrs;
  attrs.content_type = "text/plain";
  ASSERT_TRUE(store_->PutObject("lake", "src", attrs, "copy me").ok());
  auto copy = store_->CopyObject("lake", "src", "lake", "dir/dst", std::nullopt);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->etag, HexOf(Md5Of("copy me")));
  EXPECT_EQ(store_->HeadObject("lake", "dir/dst")->attributes.content_type, "text/plain");
  ObjectAttributes replaced;
  replaced.content_type = "application/x-new";
  ASSERT_TRUE(store_->CopyObject("lake", "src", "lake", "src", replaced).ok());
  EXPECT_EQ(store_->HeadObject("lake", "src")->attributes.content_type, "application/x-new");
  EXPECT_EQ(ReadAll("lake", "src"), "copy me");
  EXPECT_EQ(CodeOf(store_->CopyObject("lake", "nope", "lake", "x", std::nullopt).status()),
            LakeErrc::kNoSuchKey);
}

TEST_F(ObjectStoreTest, FilesWithoutSidecarGetComputedMetadata) {
  fs::create_directories(dir_ / "lake" / "lake" / "foreign");
  std::ofstream(dir_ / "lake" / "lake" / "foreign" / "f.txt") << "dropped in";
  auto head = store_->HeadObject("lake", "foreign/f.txt");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->etag, HexOf(Md5Of("dropped in")));
  EXPECT_EQ(head->size, 10u);
  EXPECT_EQ(head->attributes.content_type, "binary/octet-stream");
  // The computed description is remembered as the sidecar.
  size_t sidecars = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir_ / "lake-meta" / "lake")) {
    sidecars += e.path().filename() != "bucket.json" && e.is_regular_file();
  }
  EXPECT_EQ(sidecars, 1u);
  EXPECT_EQ(store_->HeadObject("lake", "foreign/f.txt")->etag, head->etag);
  // A sidecar describing an older file (different inode) is not trusted.
  ASSERT_TRUE(store_->PutObject("lake", "k", {}, "first").ok());
  fs::path path = dir_ / "lake" / "lake" / "k";
  fs::remove(path);
  std::ofstream(path) << "other";
  EXPECT_EQ(store_->HeadObject("lake", "k")->etag, HexOf(Md5Of("other")));
}

TEST_F(ObjectStoreTest, ListingInS3Order) {
  for (const char* key : {"a/b/1", "a/b/2", "a/c", "a-d", "b", "a/b0", "c/x/y"}) {
    ASSERT_TRUE(store_->PutObject("lake", key, {}, key).ok()) << key;
  }
  auto all = store_->ListObjects("lake", {});
  ASSERT_TRUE(all.ok());
  // '-' (0x2d) sorts before '/' (0x2f): S3's bytewise order, not the directory walk's.
  EXPECT_EQ(Keys(*all), (std::vector<std::string>{"a-d", "a/b/1", "a/b/2", "a/b0", "a/c", "b",
                                                  "c/x/y"}));
  EXPECT_FALSE(all->truncated);
  EXPECT_EQ(all->objects[0].size, 3u);

  auto grouped = store_->ListObjects("lake", {.delimiter = "/"});
  EXPECT_EQ(Keys(*grouped), (std::vector<std::string>{"a-d", "b"}));
  EXPECT_EQ(grouped->common_prefixes, (std::vector<std::string>{"a/", "c/"}));

  auto under_a = store_->ListObjects("lake", {.prefix = "a/", .delimiter = "/"});
  EXPECT_EQ(Keys(*under_a), (std::vector<std::string>{"a/b0", "a/c"}));
  EXPECT_EQ(under_a->common_prefixes, (std::vector<std::string>{"a/b/"}));

  auto partial = store_->ListObjects("lake", {.prefix = "a/b"});
  EXPECT_EQ(Keys(*partial), (std::vector<std::string>{"a/b/1", "a/b/2", "a/b0"}));
  EXPECT_TRUE(store_->ListObjects("lake", {.prefix = "zzz/"})->objects.empty());
  // Prefixes that would walk outside the bucket match nothing.
  ASSERT_TRUE(store_->CreateBucket("other").ok());
  ASSERT_TRUE(store_->PutObject("other", "secret", {}, "s").ok());
  EXPECT_TRUE(store_->ListObjects("lake", {.prefix = "../other/"})->objects.empty());
  EXPECT_TRUE(store_->ListObjects("lake", {.prefix = "a/../../other/s"})->objects.empty());

  // Paging: max_keys counts keys and prefixes together; `last` continues the listing.
  std::vector<std::string> seen;
  ListOptions page{.delimiter = "/", .max_keys = 1};
  for (int i = 0; i < 10; ++i) {
    auto r = store_->ListObjects("lake", page);
    ASSERT_TRUE(r.ok());
    for (const auto& o : r->objects) seen.push_back(o.key);
    for (const auto& p : r->common_prefixes) seen.push_back(p);
    if (!r->truncated) break;
    page.start_after = r->last;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a-d", "a/", "b", "c/"}));
  auto after = store_->ListObjects("lake", {.start_after = "a/b0"});
  EXPECT_EQ(Keys(*after), (std::vector<std::string>{"a/c", "b", "c/x/y"}));
}

TEST_F(ObjectStoreTest, ConcurrentWritersAndReadersSeeWholeObjects) {
  std::string a(100000, 'a'), b(50000, 'b');
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 50; ++i) {
      EXPECT_TRUE(store_->PutObject("lake", "hot/key", {}, i % 2 ? a : b).ok());
    }
    stop = true;
  });
  int reads = 0;
  while (!stop) {
    auto reader = store_->GetObject("lake", "hot/key");
    if (!reader.ok()) continue;
    std::string all, piece;
    while ((*reader)->Read(piece, 8192).ok() && !piece.empty()) all += piece;
    EXPECT_TRUE(all == a || all == b) << all.size();
    EXPECT_EQ((*reader)->meta().etag, HexOf(Md5Of(all)));
    ++reads;
  }
  writer.join();
  EXPECT_GE(reads, 0);
}

TEST_F(ObjectStoreTest, ReopenClearsCrashTemporaries) {
  std::ofstream(dir_ / "lake-tmp" / "abc.tmp") << "partial";
  store_.reset();
  auto store = ObjectStore::Open(dir_.string());
  ASSERT_TRUE(store.ok());
  EXPECT_FALSE(fs::exists(dir_ / "lake-tmp" / "abc.tmp"));
  EXPECT_TRUE((*store)->HeadBucket("lake").ok());
}

}  // namespace
}  // namespace millrace::lake
