#include <algorithm>
#include <atomic>
#include <thread>

#include "catalog/catalog.h"
#include "catalog/catalog_shapes.h"
#include "catalog/catalog_testing.h"

namespace millrace::catalog {
namespace {

class CatalogPartitionsTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    MakeDatabase("db");
    ASSERT_TRUE(catalog_->CreateTable(
        "db", TableInput("events", R"([{"Name":"year","Type":"int"},{"Name":"region","Type":"string"}])")).ok());
  }

  std::vector<std::string> ValuesOf(const Value& partition) {
    Result<std::vector<std::string>> v = StringList(*partition.Find("Values"), "Values");
    return v.ok() ? *v : std::vector<std::string>{};
  }

  // Every partition matching `expression`, as "year/region", over pages of `page_size`.
  std::vector<std::string> Matching(std::string_view expression, int32_t page_size = 0) {
    std::vector<std::string> out;
    ListOptions options;
    options.max_results = page_size;
    do {
      Result<CatalogPage> page = catalog_->GetPartitions("db", "events", expression, options);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      for (const Value& p : page->items) {
        auto v = ValuesOf(p);
        out.push_back(v[0] + "/" + v[1]);
      }
      options.next_token = page->next_token;
    } while (!options.next_token.empty());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(CatalogPartitionsTest, CreateGetDelete) {
  Value input = PartitionInput({"2024", "eu"});
  input.Set("Parameters", Json(R"({"k":"v"})"));
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", input).ok());
  Result<Value> p = catalog_->GetPartition("db", "EVENTS", {"2024", "eu"});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(StringMember(*p, "DatabaseName"), "db");
  EXPECT_EQ(StringMember(*p, "TableName"), "events");
  EXPECT_TRUE(p->Has("CreationTime"));
  EXPECT_EQ(StringMember(*p->Find("Parameters"), "k"), "v");

  EXPECT_EQ(catalog_->CreatePartition("db", "events", input).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(catalog_->CreatePartition("db", "nope", input).code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->CreatePartition("db", "events", PartitionInput({"2024"})).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->GetPartition("db", "events", {"2024"}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->GetPartition("db", "events", {"2023", "eu"}).status().code(),
            StatusCode::kNotFound);
  Value not_strings = Json(R"({"Values":[2024,"eu"]})");
  EXPECT_EQ(catalog_->CreatePartition("db", "events", not_strings).code(),
            StatusCode::kInvalidArgument);

  ASSERT_TRUE(catalog_->DeletePartition("db", "events", {"2024", "eu"}).ok());
  EXPECT_EQ(catalog_->DeletePartition("db", "events", {"2024", "eu"}).code(),
            StatusCode::kNotFound);
}

TEST_F(CatalogPartitionsTest, BatchCreateReportsPerEntryAndKeepsTheRest) {
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"2023", "eu"})).ok());
  std::vector<Value> inputs = {PartitionInput({"2024", "eu"}), PartitionInput({"2023", "eu"}),
                               PartitionInput({"2024", "us"}), PartitionInput({"2024", "eu"}),
                               PartitionInput({"only-one"})};
  Result<std::vector<BatchEntryError>> errors =
      catalog_->BatchCreatePartition("db", "events", inputs);
  ASSERT_TRUE(errors.ok()) << errors.status().ToString();
  ASSERT_EQ(errors->size(), 3u);
  EXPECT_EQ((*errors)[0].index, 1u);
  EXPECT_EQ((*errors)[0].status.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ((*errors)[1].index, 3u);  // a duplicate within the batch
  EXPECT_EQ((*errors)[1].status.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ((*errors)[2].index, 4u);
  EXPECT_EQ((*errors)[2].status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Matching(""), (std::vector<std::string>{"2023/eu", "2024/eu", "2024/us"}));

  EXPECT_EQ(catalog_->BatchCreatePartition("db", "events", {}).status().code(),
            StatusCode::kInvalidArgument);
  std::vector<Value> too_many(101, PartitionInput({"1", "x"}));
  EXPECT_EQ(catalog_->BatchCreatePartition("db", "events", too_many).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(CatalogPartitionsTest, GetPartitionsFiltersWithTypedKeys) {
  std::vector<Value> inputs;
  for (int year : {9, 10, 99, 100, 2024}) {
    for (const char* region : {"eu-west", "us-east"}) {
      inputs.push_back(PartitionInput({std::to_string(year), region}));
    }
  }
  ASSERT_TRUE(catalog_->BatchCreatePartition("db", "events", inputs)->empty());
  EXPECT_EQ(Matching("year < 100 AND region = 'eu-west'"),
            (std::vector<std::string>{"10/eu-west", "9/eu-west", "99/eu-west"}));
  EXPECT_EQ(Matching("year >= 100 AND region LIKE 'us%'"),
            (std::vector<std::string>{"100/us-east", "2024/us-east"}));
  EXPECT_EQ(Matching("year BETWEEN 10 AND 99 OR year IN (2024) AND NOT region <> 'eu-west'"),
            (std::vector<std::string>{"10/eu-west", "10/us-east", "2024/eu-west", "99/eu-west",
                                      "99/us-east"}));
  EXPECT_EQ(Matching("", 3).size(), 10u);
  EXPECT_EQ(Matching("region = 'eu-west'", 2).size(), 5u);
  EXPECT_EQ(catalog_->GetPartitions("db", "events", "year = ", {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->GetPartitions("db", "events", "colour = 'red'", {}).status().code(),
            StatusCode::kInvalidArgument);
  ListOptions too_big;
  too_big.max_results = 1001;
  EXPECT_EQ(catalog_->GetPartitions("db", "events", "", too_big).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(CatalogPartitionsTest, BatchGetSkipsMissing) {
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"1", "a"})).ok());
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"2", "b"})).ok());
  Result<std::vector<Value>> found =
      catalog_->BatchGetPartition("db", "events", {{"2", "b"}, {"3", "c"}, {"1", "a"}});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ(ValuesOf((*found)[0]), (std::vector<std::string>{"2", "b"}));
  EXPECT_EQ(ValuesOf((*found)[1]), (std::vector<std::string>{"1", "a"}));
  EXPECT_EQ(catalog_->BatchGetPartition("db", "events", {{"1"}}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(CatalogPartitionsTest, UpdateMayMoveAPartition) {
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"1", "a"})).ok());
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"2", "b"})).ok());
  Value changed = PartitionInput({"1", "a"});
  changed.Set("Parameters", Json(R"({"note":"x"})"));
  ASSERT_TRUE(catalog_->UpdatePartition("db", "events", {"1", "a"}, changed).ok());
  EXPECT_EQ(StringMember(*catalog_->GetPartition("db", "events", {"1", "a"})->Find("Parameters"),
                         "note"),
            "x");
  EXPECT_EQ(catalog_->UpdatePartition("db", "events", {"1", "a"}, PartitionInput({"2", "b"}))
                .code(),
            StatusCode::kAlreadyExists);
  ASSERT_TRUE(
      catalog_->UpdatePartition("db", "events", {"1", "a"}, PartitionInput({"3", "c"})).ok());
  EXPECT_EQ(Matching(""), (std::vector<std::string>{"2/b", "3/c"}));
  EXPECT_EQ(catalog_->UpdatePartition("db", "events", {"9", "z"}, PartitionInput({"9", "z"}))
                .code(),
            StatusCode::kNotFound);
}

TEST_F(CatalogPartitionsTest, BatchDeleteReportsMissingEntries) {
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"1", "a"})).ok());
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"2", "b"})).ok());
  Result<std::vector<BatchEntryError>> errors =
      catalog_->BatchDeletePartition("db", "events", {{"1", "a"}, {"5", "e"}, {"1", "a"}, {"x"}});
  ASSERT_TRUE(errors.ok());
  ASSERT_EQ(errors->size(), 3u);
  EXPECT_EQ((*errors)[0].index, 1u);
  EXPECT_EQ((*errors)[0].status.code(), StatusCode::kNotFound);
  EXPECT_EQ((*errors)[1].index, 2u);
  EXPECT_EQ((*errors)[2].status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Matching(""), (std::vector<std::string>{"2/b"}));
}

TEST_F(CatalogPartitionsTest, DeleteTableDropsItsPartitions) {
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"1", "a"})).ok());
  ASSERT_TRUE(catalog_->DeleteTable("db", "events").ok());
  ASSERT_TRUE(catalog_->CreateTable(
      "db", TableInput("events", R"([{"Name":"year","Type":"int"},{"Name":"region","Type":"string"}])")).ok());
  EXPECT_TRUE(Matching("").empty());
}

TEST_F(CatalogPartitionsTest, ValuesWithSlashesStayDistinct) {
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"1", "a/b"})).ok());
  ASSERT_TRUE(catalog_->CreatePartition("db", "events", PartitionInput({"1/a", "b"})).ok());
  EXPECT_EQ(Matching("").size(), 2u);
  EXPECT_TRUE(catalog_->GetPartition("db", "events", {"1", "a/b"}).ok());
  EXPECT_EQ(Matching("region = 'a/b'"), (std::vector<std::string>{"1/a/b"}));
}

TEST_F(CatalogPartitionsTest, ConcurrentWritersEachPartitionOnce) {
  // Four threads race to create the same 40 partitions; each is created exactly once.
  std::atomic<int> created{0}, existed{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const int n = (i + t * 10) % 40;
        Status s = catalog_->CreatePartition("db", "events",
                                             PartitionInput({std::to_string(n), "r"}));
        if (s.ok()) {
          ++created;
        } else if (s.code() == StatusCode::kAlreadyExists) {
          ++existed;
        } else {
          ++other;
        }
        if (i % 10 == 0) (void)catalog_->GetPartitions("db", "events", "year < 20", {});
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(created.load(), 40);
  EXPECT_EQ(existed.load(), 120);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Matching("").size(), 40u);
  EXPECT_EQ(Matching("year < 20").size(), 20u);
}

}  // namespace
}  // namespace millrace::catalog
