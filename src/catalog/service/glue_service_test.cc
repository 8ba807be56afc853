// The Glue service over HTTP in-process: AwsProtocol + the catalog operations on a loopback
// port, driven by the infer tool's GlueClient.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "base/json.h"
#include "catalog/infer/glue_client.h"
#include "catalog/service/glue_context.h"
#include "catalog/service/glue_service.h"
#include "net/loopback_server.h"

namespace millrace::catalog {
namespace {

class GlueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/glue-service-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ctx_ = std::make_unique<GlueContext>(dir_);
    ASSERT_TRUE(ctx_->Open().ok());
    server_ = std::make_unique<net::LoopbackServer>();
    auto service = std::make_unique<net::aws::AwsService>("AWSGlue.", "glue");
    AddCatalogOperations(*service, *ctx_);
    server_->aws().AddService(std::move(service));
    server_->Start();
    client_ = std::make_unique<GlueClient>(
        GlueClientOptions{.endpoint = "http://127.0.0.1:" + std::to_string(server_->port()),
                          .timeout_ms = 20000});
  }
  void TearDown() override {
    server_.reset();  // first: the operations refer to the context
    ctx_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<Value> Call(std::string_view operation, std::string_view request_json) {
    Result<Value> request = json::Parse(request_json);
    EXPECT_TRUE(request.ok()) << request_json;
    return client_->Call(operation, *request);
  }

  std::string dir_;
  std::unique_ptr<GlueContext> ctx_;
  std::unique_ptr<net::LoopbackServer> server_;
  std::unique_ptr<GlueClient> client_;
};

TEST_F(GlueServiceTest, OperationsRoundTripOverHttp) {
  ASSERT_TRUE(Call("CreateDatabase", R"({"DatabaseInput":{"Name":"Db"}})").ok());
  ASSERT_TRUE(Call("CreateTable", R"({"DatabaseName":"db","TableInput":{"Name":"t",
      "StorageDescriptor":{"Columns":[{"Name":"id","Type":"bigint"}]},
      "PartitionKeys":[{"Name":"year","Type":"int"}]}})").ok());
  Result<Value> batch = Call("BatchCreatePartition", R"({"DatabaseName":"db","TableName":"t",
      "PartitionInputList":[{"Values":["9"]},{"Values":["10"]},{"Values":["9"]}]})");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  const Value* errors = batch->Find("Errors");
  ASSERT_NE(errors, nullptr);
  ASSERT_EQ(errors->array().size(), 1u);
  EXPECT_EQ(json::Write(*errors->array()[0].Find("PartitionValues")), R"(["9"])");
  EXPECT_EQ(errors->array()[0].Find("ErrorDetail")->Find("ErrorCode")->string_value(),
            "AlreadyExistsException");

  Result<Value> parts = Call("GetPartitions",
                             R"({"DatabaseName":"db","TableName":"t","Expression":"year < 10"})");
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->Find("Partitions")->array().size(), 1u);
  EXPECT_FALSE(parts->Has("NextToken"));

  Result<Value> page = Call("GetPartitions", R"({"DatabaseName":"db","TableName":"t","MaxResults":1})");
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(page->Has("NextToken"));
  EXPECT_EQ(page->Find("Partitions")->array().size(), 1u);

  Result<Value> table = Call("GetTable", R"({"DatabaseName":"DB","Name":"T"})");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->Find("Table")->Find("Name")->string_value(), "t");
  // Timestamps travel as epoch seconds.
  EXPECT_EQ(table->Find("Table")->Find("CreateTime")->kind() == Value::Kind::kString, false);
}

TEST_F(GlueServiceTest, ErrorsTravelAsGlueExceptions) {
  Result<Value> missing = Call("GetDatabase", R"({"Name":"nope"})");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message().rfind("EntityNotFoundException: Database nope", 0), 0u)
      << missing.status().message();
  Result<Value> no_name = Call("GetDatabase", "{}");
  EXPECT_EQ(no_name.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_name.status().message().find("InvalidInputException"), std::string::npos);
  Result<Value> wrong_kind = Call("CreateDatabase", R"({"DatabaseInput":"db"})");
  EXPECT_EQ(wrong_kind.status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(Call("CreateDatabase", R"({"DatabaseInput":{"Name":"db"}})").ok());
  EXPECT_EQ(Call("CreateDatabase", R"({"DatabaseInput":{"Name":"DB"}})").status().code(),
            StatusCode::kAlreadyExists);
  Result<Value> segment = Call("GetPartitions", R"({"DatabaseName":"db","TableName":"t",
      "Segment":{"SegmentNumber":3,"TotalSegments":2}})");
  EXPECT_EQ(segment.status().code(), StatusCode::kInvalidArgument);
  Result<Value> unknown = Call("CreateCrawler", "{}");
  EXPECT_FALSE(unknown.ok());
}

TEST_F(GlueServiceTest, ClosedContextAnswersWithAServerError) {
  ctx_->Close();
  Result<Value> r = Call("GetDatabases", "{}");
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
  EXPECT_NE(r.status().message().find("InternalServiceException"), std::string::npos);
}

}  // namespace
}  // namespace millrace::catalog
