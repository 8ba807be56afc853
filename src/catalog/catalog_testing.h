// Test fixture for the Catalog: a KvStore in a fresh temporary directory, reopenable to check
// persistence, and builders for Glue input documents.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/json.h"
#include "base/kv_store.h"
#include "catalog/catalog.h"

namespace millrace::catalog {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/catalog-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Reopen();
  }
  void TearDown() override {
    catalog_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Closes and reopens the store, as a server restart does.
  void Reopen() {
    catalog_.reset();
    store_.reset();
    auto store = KvStore::Open(dir_ + "/catalog");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    catalog_ = std::make_unique<Catalog>(store_.get());
  }

  static Value Json(std::string_view text) {
    Result<Value> v = json::Parse(text);
    EXPECT_TRUE(v.ok()) << text << ": " << v.status().ToString();
    return v.ok() ? std::move(v).value() : Value();
  }

  // A Parquet table with columns id bigint, name string and the given partition keys JSON.
  static Value TableInput(std::string_view name, std::string_view partition_keys = "[]") {
    return Json(R"({"Name":")" + std::string(name) + R"(","TableType":"EXTERNAL_TABLE",
      "Parameters":{"classification":"parquet"},
      "StorageDescriptor":{"Columns":[{"Name":"id","Type":"bigint"},{"Name":"name","Type":"string"}],
        "Location":"s3://lake/)" + std::string(name) + R"(/",
        "SerdeInfo":{"SerializationLibrary":"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}},
      "PartitionKeys":)" + std::string(partition_keys) + "}");
  }

  static Value PartitionInput(std::vector<std::string> values) {
    Value list = Value::MakeArray();
    for (auto& v : values) list.Append(Value(v));
    Value input = Value::MakeObject();
    input.Set("Values", std::move(list));
    return input;
  }

  void MakeDatabase(std::string_view name) {
    Status s = catalog_->CreateDatabase(Json(R"({"Name":")" + std::string(name) + R"("})"));
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::string dir_;
  std::unique_ptr<KvStore> store_;
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace millrace::catalog
