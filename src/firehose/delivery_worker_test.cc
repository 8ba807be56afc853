// The delivery path end to end in one process: a registry over a real log and lake, records
// appended to the source topic, objects read back from the lake, checkpoints from disk, and a
// fake catalog for conversion and partition registration.
#include "firehose/delivery_worker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "base/json.h"
#include "firehose/catalog_view.h"
#include "firehose/checkpoint.h"
#include "firehose/destination_config.h"
#include "firehose/stream_registry.h"
#include "lake/object_store.h"
#include "log/log_manager.h"
#include "log/record_batch_builder.h"
#include "parquet/file_reader.h"
#include "parquet/io.h"

namespace millrace::firehose {
namespace {

class FakeCatalog final : public CatalogView {
 public:
  Result<CatalogTable> GetTable(const std::string&, const std::string& database,
                                const std::string& table, const std::string&) override {
    if (database != "db" || table != "events") return Status::NotFound("no such table");
    CatalogTable t;
    t.columns = {{"k", "string"}, {"v", "bigint"}};
    t.partition_keys = {{"k", "string"}};
    return t;
  }
  Status AddPartition(const std::string&, const std::string&, const std::string&,
                      const std::vector<std::string>& values,
                      const std::string& location) override {
    std::lock_guard lock(mu);
    added.emplace_back(values.at(0), location);
    return Status::Ok();
  }
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> added;
};

class DeliveryWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/fh_worker_test_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    log::LogOptions log_options;
    log_options.data_dir = dir_;
    log_ = std::move(log::LogManager::Open(log_options)).value();
    lake_ = std::move(lake::ObjectStore::Open(dir_)).value();
    ASSERT_TRUE(lake_->CreateBucket("lake").ok());
    OpenRegistry();
  }
  void TearDown() override {
    registry_.reset();
    (void)log_->Close();
    std::filesystem::remove_all(dir_);
  }
  void OpenRegistry() {
    RegistryOptions options;
    options.data_dir = dir_;
    auto r = DeliveryStreamRegistry::Open(options, log_.get(), lake_.get(), &catalog_);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    registry_ = std::move(r).value();
  }

  DeliveryStreamDefinition Definition(const std::string& name, SourceType type,
                                      const std::string& topic, const std::string& destination) {
    DeliveryStreamDefinition def;
    def.name = name;
    def.account_id = "000000000000";
    def.region = "us-east-1";
    def.arn = DeliveryStreamArn(def.region, def.account_id, name);
    def.source.type = type;
    def.source.topic = topic;
    Result<Value> config = json::Parse(destination);
    EXPECT_TRUE(config.ok());
    auto dest = ParseS3Destination(*config, true, "test");
    EXPECT_TRUE(dest.ok()) << dest.error().message;
    def.destination = dest.value();
    return def;
  }

  static void Append(log::Partition* p, const std::vector<std::string>& records) {
    log::RecordBatchBuilder builder;
    for (const std::string& r : records) builder.Add("", r, 1764100000000);
    ASSERT_TRUE(p->AppendBlocking(builder.Finish()).ok());
  }

  // Objects under `prefix` (key, bytes), waiting until `done` holds for them.
  template <typename Done>
  std::vector<std::pair<std::string, std::string>> WaitForObjects(const std::string& prefix,
                                                                  Done done) {
    for (int attempt = 0; attempt < 3000; ++attempt) {
      lake::ListOptions options;
      options.prefix = prefix;
      auto listed = lake_->ListObjects("lake", options);
      EXPECT_TRUE(listed.ok());
      std::vector<std::pair<std::string, std::string>> objects;
      for (const auto& meta : listed->objects) {
        auto reader = lake_->GetObject("lake", meta.key);
        std::string bytes, chunk;
        while (reader.ok() && (*reader)->Read(chunk, 1 << 20).ok() && !chunk.empty()) {
          bytes += chunk;
        }
        objects.emplace_back(meta.key, std::move(bytes));
      }
      if (done(objects)) return objects;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "objects under " << prefix << " never became complete";
    return {};
  }

  std::string dir_;
  std::unique_ptr<log::LogManager> log_;
  std::unique_ptr<lake::ObjectStore> lake_;
  FakeCatalog catalog_;
  std::unique_ptr<DeliveryStreamRegistry> registry_;
};

TEST_F(DeliveryWorkerTest, DirectPutRecordsAreDeliveredOnceAndCheckpointed) {
  auto created =
      registry_->Create(Definition("direct", SourceType::kDirectPut, InternalTopic("direct"),
                                   R"({"BucketARN":"arn:aws:s3:::lake","Prefix":"p/",
          "BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0}})"));
  ASSERT_TRUE(created.ok()) << created.error().message;
  DeliveryStream& stream = *created.value();
  ASSERT_NE(stream.internal, nullptr);
  std::string expected;
  for (int b = 0; b < 3; ++b) {
    std::vector<std::string> records;
    for (int i = 0; i < 10; ++i) records.push_back("r" + std::to_string(b * 10 + i) + "\n");
    for (const auto& r : records) expected += r;
    Append(stream.internal, records);
    stream.worker->Notify();
  }
  auto objects = WaitForObjects("p/", [&](const auto& objects) {
    size_t total = 0;
    for (const auto& [k, v] : objects) total += v.size();
    return total >= expected.size();
  });
  std::string delivered;
  for (const auto& [key, bytes] : objects) {
    EXPECT_EQ(key.rfind("p/", 0), 0u) << key;
    EXPECT_NE(key.find("/direct-1-"), std::string::npos) << key;
  }
  // Objects are named by time to the second then a random uuid, so sort records, not objects.
  std::vector<std::string> lines;
  for (const auto& [key, bytes] : objects) {
    for (size_t pos = 0; pos < bytes.size();) {
      size_t nl = bytes.find('\n', pos);
      lines.push_back(bytes.substr(pos, nl - pos));
      pos = nl + 1;
    }
  }
  EXPECT_EQ(lines.size(), 30u);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(std::unique(lines.begin(), lines.end()), lines.end());

  // A graceful close leaves the checkpoint at the end of what was delivered.
  registry_->Close();
  auto cp = LoadCheckpoint(dir_ + "/firehose/checkpoints/direct");
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->topic, "__firehose.direct");
  EXPECT_EQ(cp->offsets.at(0), 30);

  // The definition is back after reopening, and deleting removes files and topic.
  registry_.reset();
  OpenRegistry();
  auto found = registry_->Find("direct", "000000000000");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found.value()->def.destination.prefix, "p/");
  EXPECT_FALSE(registry_->Delete("direct", "000000000000").has_value());
  EXPECT_FALSE(registry_->Find("direct", "000000000000").ok());
  EXPECT_FALSE(log_->Get({"__firehose.direct", 0}).ok());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/firehose/checkpoints/direct"));
}

TEST_F(DeliveryWorkerTest, StreamSourceConvertsPartitionsAndSendsBadRecordsToErrors) {
  // A two-partition source topic with records from before the delivery stream existed.
  std::vector<log::Partition*> source;
  for (int32_t p = 0; p < 2; ++p) source.push_back(*log_->Create({"events-in", p}, {}));
  Append(source[0], {R"({"k":"old","v":0})"});
  auto created = registry_->Create(
      Definition("conv", SourceType::kKinesisStream, "events-in",
                 R"({"BucketARN":"arn:aws:s3:::lake","Prefix":"t/k=!{partitionKeyFromQuery:k}/",
          "ErrorOutputPrefix":"e/!{firehose:error-output-type}/",
          "BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":0},
          "DynamicPartitioningConfiguration":{"Enabled":true},
          "ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"MetadataExtraction",
            "Parameters":[{"ParameterName":"MetadataExtractionQuery","ParameterValue":"{k:.k}"},
                          {"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.6"}]}]},
          "DataFormatConversionConfiguration":{
            "SchemaConfiguration":{"DatabaseName":"db","TableName":"events"},
            "InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{}}},
            "OutputFormatConfiguration":{"Serializer":{"ParquetSerDe":{}}}}})"));
  ASSERT_TRUE(created.ok()) << created.error().message;
  Append(source[0], {R"({"k":"a","v":1})", R"({"k":"b","v":2})", R"({"k":"a","v":"bad"})"});
  Append(source[1], {R"({"k":"a","v":3})", "{not json"});

  auto rows = [](const std::string& bytes) {
    parquet::StringSource src(bytes);
    auto reader = parquet::FileReader::Open(&src);
    EXPECT_TRUE(reader.ok());
    std::vector<int64_t> values;
    if (!reader.ok()) return values;
    auto all = (*reader)->ReadAll();
    EXPECT_TRUE(all.ok());
    for (const auto& row : *all) values.push_back(row.children().at(1).int64_value());
    return values;
  };
  auto count_rows = [&](const auto& objects) {
    size_t n = 0;
    for (const auto& [k, v] : objects) n += rows(v).size();
    return n;
  };
  auto a = WaitForObjects("t/k=a/", [&](const auto& o) { return count_rows(o) >= 2; });
  auto b = WaitForObjects("t/k=b/", [&](const auto& o) { return count_rows(o) >= 1; });
  std::vector<int64_t> a_values;
  for (const auto& [k, v] : a) {
    EXPECT_EQ(k.substr(k.size() - 8), ".parquet");
    for (int64_t x : rows(v)) a_values.push_back(x);
  }
  std::sort(a_values.begin(), a_values.end());
  EXPECT_EQ(a_values, (std::vector<int64_t>{1, 3}));  // not the record from before creation
  EXPECT_EQ(rows(b.at(0).second), (std::vector<int64_t>{2}));

  auto conversion =
      WaitForObjects("e/format-conversion-failed/", [](const auto& o) { return !o.empty(); });
  EXPECT_NE(conversion.at(0).second.find("\"dataCatalogTable\""), std::string::npos);
  auto partitioning =
      WaitForObjects("e/partitioning-failed/", [](const auto& o) { return !o.empty(); });
  EXPECT_NE(partitioning.at(0).second.find("DynamicPartitioning.MetadataExtractionFailed"),
            std::string::npos);

  registry_->Close();
  {
    std::lock_guard lock(catalog_.mu);
    std::sort(catalog_.added.begin(), catalog_.added.end());
    ASSERT_EQ(catalog_.added.size(), 2u);
    EXPECT_EQ(catalog_.added[0], std::make_pair(std::string("a"), std::string("s3://lake/t/k=a/")));
    EXPECT_EQ(catalog_.added[1], std::make_pair(std::string("b"), std::string("s3://lake/t/k=b/")));
  }
  auto cp = LoadCheckpoint(dir_ + "/firehose/checkpoints/conv");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->offsets.at(0), 4);
  EXPECT_EQ(cp->offsets.at(1), 2);
}

}  // namespace
}  // namespace millrace::firehose
