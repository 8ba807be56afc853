#include "firehose/jq_partition_query.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace millrace::firehose {
namespace {

std::unique_ptr<JqPartitionQuery> MustCompile(std::string_view query) {
  auto compiled = JqPartitionQuery::Compile(query);
  EXPECT_TRUE(compiled.ok()) << compiled.status().ToString();
  return compiled.ok() ? std::move(compiled).value() : nullptr;
}

TEST(JqPartitionQueryTest, ExtractsKeysInQueryOrder) {
  auto q =
      MustCompile("{customer_id:.customer_id, device:.type.device, year:.ts|strftime(\"%Y\")}");
  ASSERT_NE(q, nullptr);
  auto keys = q->Evaluate(R"({"customer_id":"c-17","type":{"device":"mobile"},"ts":1535365815})");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  ASSERT_EQ(keys->entries.size(), 3u);
  EXPECT_EQ(keys->entries[0], (std::pair<std::string, std::string>("customer_id", "c-17")));
  EXPECT_EQ(keys->entries[1], (std::pair<std::string, std::string>("device", "mobile")));
  EXPECT_EQ(keys->entries[2], (std::pair<std::string, std::string>("year", "2018")));
}

TEST(JqPartitionQueryTest, ScalarsBecomeStrings) {
  auto q = MustCompile("{n:.n, f:.f, b:.b}");
  auto keys = q->Evaluate(R"({"n":42,"f":1.5,"b":true})");
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(*keys->Find("n"), "42");
  EXPECT_EQ(*keys->Find("f"), "1.5");
  EXPECT_EQ(*keys->Find("b"), "true");
}

TEST(JqPartitionQueryTest, InstanceIsReusableAcrossRecords) {
  auto q = MustCompile("{id:.id}");
  for (int i = 0; i < 100; ++i) {
    auto keys = q->Evaluate("{\"id\":\"r" + std::to_string(i) + "\"}");
    ASSERT_TRUE(keys.ok());
    EXPECT_EQ(*keys->Find("id"), "r" + std::to_string(i));
  }
  EXPECT_FALSE(q->Evaluate("not json").ok());
  EXPECT_TRUE(q->Evaluate(R"({"id":"after-error"})").ok());
}

TEST(JqPartitionQueryTest, Errors) {
  auto q = MustCompile("{id:.id}");
  auto not_json = q->Evaluate("hello");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.status().message(), "Non JSON record provided");
  auto missing = q->Evaluate(R"({"other":1})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'id' is null"), std::string::npos);
  auto nested = q->Evaluate(R"({"id":{"a":1}})");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().find("an object"), std::string::npos);

  auto not_object = MustCompile(".id")->Evaluate(R"({"id":"x"})");
  ASSERT_FALSE(not_object.ok());
  EXPECT_NE(not_object.status().message().find("must produce an object"), std::string::npos);
  auto runtime = MustCompile("{y:(.ts|strftime(\"%Y\"))}")->Evaluate(R"({"ts":"not a number"})");
  ASSERT_FALSE(runtime.ok());
  EXPECT_NE(runtime.status().message().find("JQ query failed"), std::string::npos);
  EXPECT_FALSE(MustCompile("empty")->Evaluate("{}").ok());
}

TEST(JqPartitionQueryTest, CompileErrorsCarryJqsMessage) {
  auto bad = JqPartitionQuery::Compile("{id:.id");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("error"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(JqPartitionQuery::Compile("").ok());
  EXPECT_FALSE(JqPartitionQuery::Compile("{a: nosuchfunction(1)}").ok());
}

TEST(JqPartitionQueryTest, SeparateInstancesRunOnSeparateThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      auto q = JqPartitionQuery::Compile("{k:.k}");
      if (!q.ok()) {
        failures[t] = 1;
        return;
      }
      for (int i = 0; i < 500; ++i) {
        const std::string value = std::to_string(t) + "-" + std::to_string(i);
        auto keys = (*q)->Evaluate("{\"k\":\"" + value + "\"}");
        if (!keys.ok() || *keys->Find("k") != value) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace millrace::firehose
