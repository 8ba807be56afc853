#include <gtest/gtest.h>

#include <filesystem>

#include "lake/digest.h"
#include "lake/errors.h"
#include "lake/object_store.h"

namespace millrace::lake {
namespace {

namespace fs = std::filesystem;

LakeErrc CodeOf(const Status& s) { return S3ErrorOf(s).code; }

class MultipartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lake-mp-" + RandomHex(6));
    store_ = std::move(ObjectStore::Open(dir_.string())).value();
    store_->set_min_part_size(10);
    ASSERT_TRUE(store_->CreateBucket("lake").ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string UploadPart(const std::string& id, int32_t n, std::string_view bytes) {
    auto writer = store_->BeginUploadPart("lake", "big", id, n);
    EXPECT_TRUE(writer.ok()) << writer.status().ToString();
    EXPECT_TRUE((*writer)->Append(bytes).ok());
    auto meta = (*writer)->Commit();
    EXPECT_TRUE(meta.ok()) << meta.status().ToString();
    return "\"" + meta->etag + "\"";
  }
  fs::path dir_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(MultipartTest, CompleteConcatenatesChosenParts) {
  ObjectAttributes attrs;
  attrs.content_type = "application/x-parquet";
  auto id = store_->CreateMultipartUpload("lake", "big", attrs);
  ASSERT_TRUE(id.ok());
  std::string p1(20, '1'), p2(30, '2'), p3(5, '3');
  std::string e1 = UploadPart(*id, 1, p1);
  UploadPart(*id, 2, "replaced later");
  std::string e2 = UploadPart(*id, 2, p2);
  std::string e3 = UploadPart(*id, 3, p3);
  auto parts = store_->ListParts("lake", "big", *id);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[1].size, 30u);
  EXPECT_EQ(CodeOf(store_->HeadObject("lake", "big").status()), LakeErrc::kNoSuchKey);

  auto meta = store_->CompleteMultipartUpload("lake", "big", *id, {{1, e1}, {2, e2}, {3, e3}});
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ(meta->size, 55u);
  EXPECT_EQ(meta->etag, HexOf(Md5Of(Md5Of(p1) + Md5Of(p2) + Md5Of(p3))) + "-3");
  auto reader = store_->GetObject("lake", "big");
  std::string all, piece;
  while ((*reader)->Read(piece, 1 << 16).ok() && !piece.empty()) all += piece;
  EXPECT_EQ(all, p1 + p2 + p3);
  EXPECT_EQ((*reader)->meta().attributes.content_type, "application/x-parquet");
  EXPECT_EQ(CodeOf(store_->ListParts("lake", "big", *id).status()), LakeErrc::kNoSuchUpload);
}

TEST_F(MultipartTest, Errors) {
  auto id = store_->CreateMultipartUpload("lake", "big", {});
  ASSERT_TRUE(id.ok());
  std::string e1 = UploadPart(*id, 1, std::string(20, 'x'));
  std::string small = UploadPart(*id, 2, "tiny");
  std::string e3 = UploadPart(*id, 3, "end");
  EXPECT_EQ(CodeOf(store_->CompleteMultipartUpload("lake", "big", *id, {{2, small}, {1, e1}})
                       .status()),
            LakeErrc::kInvalidPartOrder);
  EXPECT_EQ(CodeOf(store_->CompleteMultipartUpload("lake", "big", *id, {{1, "\"beef\""}}).status()),
            LakeErrc::kInvalidPart);
  EXPECT_EQ(CodeOf(store_->CompleteMultipartUpload("lake", "big", *id, {{1, e1}, {4, e3}}).status()),
            LakeErrc::kInvalidPart);
  EXPECT_EQ(CodeOf(store_->CompleteMultipartUpload("lake", "big", *id, {{2, small}, {3, e3}})
                       .status()),
            LakeErrc::kEntityTooSmall);
  EXPECT_EQ(CodeOf(store_->BeginUploadPart("lake", "big", *id, 0).status()),
            LakeErrc::kInvalidArgument);
  EXPECT_EQ(CodeOf(store_->BeginUploadPart("lake", "other", *id, 1).status()),
            LakeErrc::kNoSuchUpload);
  EXPECT_EQ(CodeOf(store_->BeginUploadPart("lake", "big", "../../etc", 1).status()),
            LakeErrc::kNoSuchUpload);
  // Skipping a part is allowed; the rest must still be big enough.
  ASSERT_TRUE(store_->CompleteMultipartUpload("lake", "big", *id, {{1, e1}, {3, e3}}).ok());
  EXPECT_EQ(store_->HeadObject("lake", "big")->size, 23u);
}

TEST_F(MultipartTest, AbortDiscardsTheParts) {
  auto id = store_->CreateMultipartUpload("lake", "big", {});
  UploadPart(*id, 1, "abc");
  ASSERT_TRUE(store_->AbortMultipartUpload("lake", "big", *id).ok());
  EXPECT_EQ(CodeOf(store_->AbortMultipartUpload("lake", "big", *id)), LakeErrc::kNoSuchUpload);
  EXPECT_EQ(CodeOf(store_->BeginUploadPart("lake", "big", *id, 1).status()), LakeErrc::kNoSuchUpload);
  EXPECT_TRUE(fs::is_empty(dir_ / "lake-tmp" / "uploads"));
  EXPECT_EQ(CodeOf(store_->HeadObject("lake", "big").status()), LakeErrc::kNoSuchKey);
}

}  // namespace
}  // namespace millrace::lake
