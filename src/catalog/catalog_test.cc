#include "catalog/catalog.h"

#include <set>

#include "catalog/catalog_errors.h"
#include "catalog/catalog_shapes.h"
#include "catalog/catalog_testing.h"

namespace millrace::catalog {
namespace {

std::vector<std::string> Names(const CatalogPage& page) {
  std::vector<std::string> names;
  for (const Value& item : page.items) names.push_back(StringMember(item, "Name"));
  return names;
}

TEST_F(CatalogTest, DatabaseLifecycle) {
  ASSERT_TRUE(catalog_->CreateDatabase(Json(R"({"Name":"Sales","Description":"d",
      "Parameters":{"k":"v"}})")).ok());
  Result<Value> db = catalog_->GetDatabase("sales");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(StringMember(*db, "Name"), "sales");  // lower-cased as Glue does
  EXPECT_EQ(StringMember(*db, "Description"), "d");
  EXPECT_EQ(StringMember(*db, "CatalogId"), "000000000000");
  EXPECT_TRUE(db->Has("CreateTime"));
  EXPECT_TRUE(catalog_->GetDatabase("SALES").ok());

  Status again = catalog_->CreateDatabase(Json(R"({"Name":"sales"})"));
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(GlueErrorName(again.code()), "AlreadyExistsException");

  ASSERT_TRUE(catalog_->UpdateDatabase("sales", Json(R"({"Name":"sales","Description":"new"})"))
                  .ok());
  EXPECT_EQ(StringMember(*catalog_->GetDatabase("sales"), "Description"), "new");
  EXPECT_EQ(catalog_->UpdateDatabase("sales", Json(R"({"Name":"other"})")).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->UpdateDatabase("nope", Json(R"({"Name":"nope"})")).code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(catalog_->DeleteDatabase("sales").ok());
  Result<Value> gone = catalog_->GetDatabase("sales");
  EXPECT_EQ(gone.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(GlueErrorName(gone.status().code()), "EntityNotFoundException");
  EXPECT_EQ(catalog_->DeleteDatabase("sales").code(), StatusCode::kNotFound);
}

TEST_F(CatalogTest, DatabaseInputIsValidated) {
  for (const char* bad : {R"({})", R"({"Name":""})", R"({"Name":5})", R"({"Name":"a\nb"})",
                          R"({"Name":"x","Parameters":{"k":1}})", R"({"Name":"x","Description":7})"}) {
    Status s = catalog_->CreateDatabase(Json(bad));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(catalog_->CreateDatabase(Value(std::string(256, 'a'))).code(),
            StatusCode::kInvalidArgument);
  Value long_name = Value::MakeObject();
  long_name.Set("Name", Value(std::string(256, 'a')));
  EXPECT_EQ(catalog_->CreateDatabase(long_name).code(), StatusCode::kInvalidArgument);
  long_name.Set("Name", Value(std::string(255, 'a')));
  EXPECT_TRUE(catalog_->CreateDatabase(long_name).ok());
  // Nothing but the valid database was stored.
  Result<CatalogPage> all = catalog_->GetDatabases({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 1u);
}

TEST_F(CatalogTest, GetDatabasesPaginates) {
  for (int i = 0; i < 7; ++i) MakeDatabase("db" + std::to_string(i));
  std::vector<std::string> seen;
  ListOptions options;
  options.max_results = 3;
  int pages = 0;
  do {
    Result<CatalogPage> page = catalog_->GetDatabases(options);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (auto& n : Names(*page)) seen.push_back(n);
    options.next_token = page->next_token;
    ++pages;
  } while (!options.next_token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"db0", "db1", "db2", "db3", "db4", "db5", "db6"}));
  options = {};
  options.max_results = 101;
  EXPECT_EQ(catalog_->GetDatabases(options).status().code(), StatusCode::kInvalidArgument);
  options.max_results = 0;
  options.next_token = "garbage";
  EXPECT_EQ(catalog_->GetDatabases(options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CatalogTest, ExactlyFullPageHasNoNextToken) {
  for (int i = 0; i < 3; ++i) MakeDatabase("db" + std::to_string(i));
  ListOptions options;
  options.max_results = 3;
  Result<CatalogPage> page = catalog_->GetDatabases(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 3u);
  EXPECT_TRUE(page->next_token.empty());
}

TEST_F(CatalogTest, TableLifecycle) {
  MakeDatabase("sales");
  ASSERT_TRUE(catalog_->CreateTable("sales", TableInput("Orders")).ok());
  Result<Value> t = catalog_->GetTable("SALES", "orders");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(StringMember(*t, "Name"), "orders");
  EXPECT_EQ(StringMember(*t, "DatabaseName"), "sales");
  EXPECT_EQ(StringMember(*t, "VersionId"), "1");
  EXPECT_EQ(StringMember(*t, "TableType"), "EXTERNAL_TABLE");
  EXPECT_EQ(StringMember(*t->Find("StorageDescriptor"), "Location"), "s3://lake/Orders/");
  EXPECT_TRUE(t->Has("CreateTime"));
  EXPECT_TRUE(t->Has("UpdateTime"));

  EXPECT_EQ(catalog_->CreateTable("sales", TableInput("orders")).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(catalog_->CreateTable("nodb", TableInput("orders")).code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->GetTable("sales", "missing").status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(catalog_->DeleteTable("sales", "orders").ok());
  EXPECT_EQ(catalog_->GetTable("sales", "orders").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->DeleteTable("sales", "orders").code(), StatusCode::kNotFound);
}

TEST_F(CatalogTest, TableInputIsValidated) {
  MakeDatabase("db");
  const char* bad_inputs[] = {
      R"({"StorageDescriptor":{}})",
      R"({"Name":"t","StorageDescriptor":{"Columns":[{"Name":"a","Type":"integr"}]}})",
      R"({"Name":"t","StorageDescriptor":{"Columns":[{"Type":"int"}]}})",
      R"({"Name":"t","StorageDescriptor":{"Columns":[{"Name":"a"},{"Name":"A"}]}})",
      R"({"Name":"t","StorageDescriptor":{"Columns":[{"Name":"a"}]},"PartitionKeys":[{"Name":"a"}]})",
      R"({"Name":"t","PartitionKeys":[{"Name":"k","Type":"map<string>"}]})",
      R"({"Name":"t","StorageDescriptor":{"Location":5}})",
      R"({"Name":"t","StorageDescriptor":{"Compressed":"yes"}})",
      R"({"Name":"t","StorageDescriptor":[]})",
      R"({"Name":"t","Parameters":{"a":["b"]}})",
      R"({"Name":"t","StorageDescriptor":{"SerdeInfo":{"Parameters":{"x":1}}}})",
  };
  for (const char* bad : bad_inputs) {
    Status s = catalog_->CreateTable("db", Json(bad));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad << " -> " << s.ToString();
  }
  Result<CatalogPage> tables = catalog_->GetTables("db", "", {});
  ASSERT_TRUE(tables.ok());
  EXPECT_TRUE(tables->items.empty());
  Status bad_type = catalog_->CreateTable(
      "db", Json(R"J({"Name":"t","StorageDescriptor":{"Columns":[{"Name":"price","Type":"decimal(40,2)"}]}})J"));
  EXPECT_NE(bad_type.message().find("price"), std::string::npos) << bad_type.message();
}

TEST_F(CatalogTest, GetTablesFiltersByPatternAndPaginates) {
  MakeDatabase("db");
  for (const char* name : {"sales_2023", "sales_2024", "orders", "customers", "sales"}) {
    ASSERT_TRUE(catalog_->CreateTable("db", TableInput(name)).ok());
  }
  auto names = [&](std::string_view expression) {
    Result<CatalogPage> page = catalog_->GetTables("db", expression, {});
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? Names(*page) : std::vector<std::string>{};
  };
  EXPECT_EQ(names(""), (std::vector<std::string>{"customers", "orders", "sales", "sales_2023",
                                                  "sales_2024"}));
  EXPECT_EQ(names("sales.*"), (std::vector<std::string>{"sales", "sales_2023", "sales_2024"}));
  EXPECT_EQ(names("sales_*"), (std::vector<std::string>{"sales_2023", "sales_2024"}));
  EXPECT_EQ(names("SALES"), (std::vector<std::string>{"sales"}));
  EXPECT_EQ(names("orders|customers"), (std::vector<std::string>{"customers", "orders"}));
  EXPECT_EQ(names("*"), names(""));
  EXPECT_EQ(catalog_->GetTables("db", "sales(", {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->GetTables("nodb", "", {}).status().code(), StatusCode::kNotFound);

  // A filtered listing paginates over the matches only.
  ListOptions options;
  options.max_results = 2;
  Result<CatalogPage> first = catalog_->GetTables("db", "sales.*", options);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Names(*first), (std::vector<std::string>{"sales", "sales_2023"}));
  ASSERT_FALSE(first->next_token.empty());
  options.next_token = first->next_token;
  Result<CatalogPage> second = catalog_->GetTables("db", "sales.*", options);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Names(*second), (std::vector<std::string>{"sales_2024"}));
  EXPECT_TRUE(second->next_token.empty());
}

TEST_F(CatalogTest, UpdateTableKeepsVersions) {
  MakeDatabase("db");
  ASSERT_TRUE(catalog_->CreateTable("db", TableInput("t")).ok());
  Result<Value> before = catalog_->GetTable("db", "t");
  ASSERT_TRUE(before.ok());
  Value changed = TableInput("t");
  changed.Set("Description", Value("second"));
  ASSERT_TRUE(catalog_->UpdateTable("db", changed, false).ok());
  changed.Set("Description", Value("third"));
  ASSERT_TRUE(catalog_->UpdateTable("db", changed, false, std::string("2")).ok());
  Result<Value> now = catalog_->GetTable("db", "t");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(StringMember(*now, "VersionId"), "3");
  EXPECT_EQ(StringMember(*now, "Description"), "third");
  EXPECT_EQ(json::Write(*now->Find("CreateTime")), json::Write(*before->Find("CreateTime")));

  // A stale expected version changes nothing.
  changed.Set("Description", Value("lost"));
  EXPECT_EQ(catalog_->UpdateTable("db", changed, false, std::string("2")).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(StringMember(*catalog_->GetTable("db", "t"), "Description"), "third");

  Result<CatalogPage> versions = catalog_->GetTableVersions("db", "t", {});
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->items.size(), 3u);
  EXPECT_EQ(StringMember(versions->items[0], "VersionId"), "3");  // newest first
  EXPECT_EQ(StringMember(versions->items[2], "VersionId"), "1");
  EXPECT_EQ(StringMember(*versions->items[1].Find("Table"), "Description"), "second");
  Result<Value> v2 = catalog_->GetTableVersion("db", "t", "2");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(StringMember(*v2, "Description"), "second");
  EXPECT_EQ(catalog_->GetTableVersion("db", "t", "9").status().code(), StatusCode::kNotFound);

  // SkipArchive replaces the newest version instead of adding one.
  changed.Set("Description", Value("fourth"));
  ASSERT_TRUE(catalog_->UpdateTable("db", changed, true).ok());
  versions = catalog_->GetTableVersions("db", "t", {});
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->items.size(), 3u);
  EXPECT_EQ(StringMember(versions->items[0], "VersionId"), "4");
  EXPECT_EQ(StringMember(versions->items[1], "VersionId"), "2");

  EXPECT_EQ(catalog_->UpdateTable("db", TableInput("missing"), false).code(),
            StatusCode::kNotFound);
  Value bad = TableInput("t");
  bad.Set("PartitionKeys", Json(R"([{"Name":"k","Type":"nope"}])"));
  EXPECT_EQ(catalog_->UpdateTable("db", bad, false).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(StringMember(*catalog_->GetTable("db", "t"), "VersionId"), "4");
}

TEST_F(CatalogTest, BatchDeleteTableReportsEachMissingTable) {
  MakeDatabase("db");
  ASSERT_TRUE(catalog_->CreateTable("db", TableInput("a")).ok());
  ASSERT_TRUE(catalog_->CreateTable("db", TableInput("b")).ok());
  Result<std::vector<BatchEntryError>> errors =
      catalog_->BatchDeleteTable("db", {"a", "missing", "B", "b"});
  ASSERT_TRUE(errors.ok());
  ASSERT_EQ(errors->size(), 2u);
  EXPECT_EQ((*errors)[0].index, 1u);
  EXPECT_EQ((*errors)[0].status.code(), StatusCode::kNotFound);
  EXPECT_EQ((*errors)[1].index, 3u);  // "b" was already deleted as "B"
  EXPECT_TRUE(catalog_->GetTables("db", "", {})->items.empty());
}

TEST_F(CatalogTest, DeleteDatabaseRemovesEverythingUnderIt) {
  MakeDatabase("db");
  MakeDatabase("db2");
  ASSERT_TRUE(catalog_->CreateTable("db", TableInput("t", R"([{"Name":"k","Type":"string"}])")).ok());
  ASSERT_TRUE(catalog_->CreateTable("db2", TableInput("t", R"([{"Name":"k","Type":"string"}])")).ok());
  ASSERT_TRUE(catalog_->CreatePartition("db", "t", PartitionInput({"x"})).ok());
  ASSERT_TRUE(catalog_->CreatePartition("db2", "t", PartitionInput({"x"})).ok());
  ASSERT_TRUE(catalog_->DeleteDatabase("db").ok());
  int left = 0;
  ASSERT_TRUE(store_->Scan("catalog/", "", [&](std::string_view key, std::string_view) {
    EXPECT_NE(std::string(key).find("db2"), std::string::npos) << key;
    ++left;
    return true;
  }).ok());
  EXPECT_EQ(left, 4);  // db2, its table, its table version, its partition
  // A new database of the same name starts empty.
  MakeDatabase("db");
  EXPECT_EQ(catalog_->GetTable("db", "t").status().code(), StatusCode::kNotFound);
}

TEST_F(CatalogTest, EverythingPersistsAcrossReopen) {
  MakeDatabase("db");
  ASSERT_TRUE(catalog_->CreateTable("db", TableInput("t", R"([{"Name":"year","Type":"int"}])")).ok());
  ASSERT_TRUE(catalog_->CreatePartition("db", "t", PartitionInput({"2024"})).ok());
  Result<Value> table_before = catalog_->GetTable("db", "t");
  ASSERT_TRUE(table_before.ok());
  Reopen();
  Result<Value> table_after = catalog_->GetTable("db", "t");
  ASSERT_TRUE(table_after.ok()) << table_after.status().ToString();
  EXPECT_EQ(json::Write(*table_after), json::Write(*table_before));
  EXPECT_TRUE(catalog_->GetDatabase("db").ok());
  EXPECT_TRUE(catalog_->GetPartition("db", "t", {"2024"}).ok());
}

TEST_F(CatalogTest, TableSchemaOfGivesTypedColumns) {
  MakeDatabase("db");
  ASSERT_TRUE(catalog_->CreateTable("db", TableInput("t", R"([{"Name":"dt","Type":"date"}])")).ok());
  Result<TableSchema> schema = catalog_->TableSchemaOf("db", "t");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->location, "s3://lake/t/");
  ASSERT_EQ(schema->columns.size(), 2u);
  EXPECT_EQ(schema->columns[0].name, "id");
  EXPECT_EQ(schema->columns[0].type.kind, HiveType::Kind::kBigInt);
  EXPECT_EQ(schema->columns[1].type.kind, HiveType::Kind::kString);
  ASSERT_EQ(schema->partition_keys.size(), 1u);
  EXPECT_EQ(schema->partition_keys[0].type.kind, HiveType::Kind::kDate);
}

}  // namespace
}  // namespace millrace::catalog
