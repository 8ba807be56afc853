#include "catalog/registry/schema_registry.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>

#include "base/kv_store.h"

namespace millrace::catalog {
namespace {

constexpr char kPerson[] =
    R"({"type":"record","name":"Person","fields":[{"name":"name","type":"string"}]})";
constexpr char kPersonAge[] =
    R"({"type":"record","name":"Person","fields":[{"name":"name","type":"string"},)"
    R"({"name":"age","type":"int"}]})";
constexpr char kPersonAgeDefault[] =
    R"({"type":"record","name":"Person","fields":[{"name":"name","type":"string"},)"
    R"({"name":"age","type":"int","default":0}]})";
constexpr char kPersonSalary[] =
    R"({"type":"record","name":"Person","fields":[{"name":"name","type":"string"},)"
    R"({"name":"salary","type":["null","int"],"default":null}]})";

class SchemaRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/schema-registry-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Reopen();
  }
  void TearDown() override {
    registry_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen(SchemaRegistryLimits limits = {}) {
    registry_.reset();
    store_.reset();
    auto store = KvStore::Open(dir_ + "/kv");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto registry = SchemaRegistry::Open(store_.get(), limits);
    ASSERT_TRUE(registry.ok()) << registry.status().ToString();
    registry_ = std::move(registry).value();
  }

  SchemaRef CreateAvro(const char* name, Compatibility mode, const char* definition) {
    NewSchema n;
    n.registry = "reg";
    n.name = name;
    n.compatibility = mode;
    n.definition = definition;
    if (!registry_->GetRegistry("reg").ok()) {
      EXPECT_TRUE(registry_->CreateRegistry("reg", "", {}).ok());
    }
    Result<CreatedSchema> c = registry_->CreateSchema(std::move(n));
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return {"reg", name};
  }

  VersionRecord Register(const SchemaRef& ref, const char* definition) {
    Result<VersionRecord> v = registry_->RegisterVersion(ref, definition);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : VersionRecord{};
  }

  std::string dir_;
  std::unique_ptr<KvStore> store_;
  std::unique_ptr<SchemaRegistry> registry_;
};

TEST_F(SchemaRegistryTest, RegistriesCreateGetListUpdateDelete) {
  ASSERT_TRUE(registry_->CreateRegistry("b-reg", "second", {{"team", "ml"}}).ok());
  ASSERT_TRUE(registry_->CreateRegistry("a-reg", "first", {}).ok());
  EXPECT_EQ(registry_->CreateRegistry("a-reg", "", {}).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(registry_->CreateRegistry("bad/name", "", {}).status().code(),
            StatusCode::kInvalidArgument);
  std::vector<RegistryRecord> all = registry_->ListRegistries();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "a-reg");
  EXPECT_EQ(all[1].tags.at("team"), "ml");
  ASSERT_TRUE(registry_->UpdateRegistry("a-reg", "changed").ok());
  EXPECT_EQ(registry_->GetRegistry("a-reg")->description, "changed");
  ASSERT_TRUE(registry_->DeleteRegistry("a-reg").ok());
  EXPECT_EQ(registry_->GetRegistry("a-reg").status().code(), StatusCode::kNotFound);
}

TEST_F(SchemaRegistryTest, CreateSchemaWithoutRegistryUsesTheDefaultRegistry) {
  NewSchema n;
  n.name = "orders";
  n.format = DataFormat::kJson;
  n.definition = R"({"type":"object"})";
  Result<CreatedSchema> c = registry_->CreateSchema(n);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->schema.registry, "default-registry");
  EXPECT_EQ(c->schema.compatibility, Compatibility::kBackward);
  EXPECT_EQ(c->schema.checkpoint, 1);
  EXPECT_EQ(c->schema.latest_version, 1);
  EXPECT_EQ(c->schema.next_version, 2);
  ASSERT_TRUE(c->first_version.has_value());
  EXPECT_TRUE(std::regex_match(c->first_version->id,
                               std::regex("[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-"
                                          "[a-f0-9]{12}")))
      << c->first_version->id;
  EXPECT_TRUE(registry_->GetRegistry("default-registry").ok());
  EXPECT_EQ(registry_->CreateSchema(n).status().code(), StatusCode::kAlreadyExists);
  n.registry = "missing";
  EXPECT_EQ(registry_->CreateSchema(n).status().code(), StatusCode::kNotFound);
}

TEST_F(SchemaRegistryTest, CreateSchemaRejectsBadDefinitionsAndUnsupportedModes) {
  NewSchema n;
  n.name = "s";
  n.definition = R"({"type":"record","name":"R"})";
  Result<CreatedSchema> c = registry_->CreateSchema(n);
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("fields"), std::string::npos) << c.status().message();
  n.format = DataFormat::kProtobuf;
  n.definition = "syntax = \"proto3\"; message A { int32 x = 1; }";
  n.compatibility = Compatibility::kBackward;
  EXPECT_EQ(registry_->CreateSchema(n).status().code(), StatusCode::kInvalidArgument);
  n.compatibility.reset();
  Result<CreatedSchema> p = registry_->CreateSchema(n);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->schema.compatibility, Compatibility::kNone);
}

TEST_F(SchemaRegistryTest, BackwardAcceptsADefaultedFieldAndFailsAMissingDefault) {
  SchemaRef ref = CreateAvro("people", Compatibility::kBackward, kPerson);
  VersionRecord v2 = Register(ref, kPersonAgeDefault);
  EXPECT_EQ(v2.number, 2);
  EXPECT_EQ(v2.status, VersionStatus::kAvailable);
  // Without the default, age is still backward compatible with v2, which writes it.
  VersionRecord v3 = Register(ref, kPersonAge);
  EXPECT_EQ(v3.status, VersionStatus::kAvailable);
  SchemaRef other = CreateAvro("people2", Compatibility::kBackward, kPerson);
  VersionRecord bad = Register(other, kPersonAge);
  EXPECT_EQ(bad.number, 2);
  EXPECT_EQ(bad.status, VersionStatus::kFailure);
  Result<SchemaRecord> s = registry_->GetSchema(other);
  EXPECT_EQ(s->latest_version, 1);
  EXPECT_EQ(s->next_version, 3);
  // The same incompatible definition again gives the failed version back, not a new one.
  EXPECT_EQ(Register(other, kPersonAge).id, bad.id);
  // Latest stays on the last AVAILABLE version.
  EXPECT_EQ(registry_->GetVersion(other, {.latest = true})->number, 1);
  EXPECT_EQ(registry_->GetVersion(other, {.number = 2})->status, VersionStatus::kFailure);
}

TEST_F(SchemaRegistryTest, IdenticalDefinitionReturnsTheExistingVersion) {
  SchemaRef ref = CreateAvro("p", Compatibility::kNone, kPerson);
  VersionRecord again = Register(
      ref, R"({ "type" : "record", "name" : "Person", "doc":"x", "fields" : [ { "name" : "name",
           "type" : {"type":"string"} } ] })");
  EXPECT_EQ(again.number, 1);
  Result<VersionRecord> by_def = registry_->GetVersionByDefinition(ref, kPerson);
  ASSERT_TRUE(by_def.ok());
  EXPECT_EQ(by_def->id, again.id);
  EXPECT_EQ(registry_->GetVersionByDefinition(ref, kPersonAge).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(registry_->GetVersionById(again.id)->number, 1);
}

TEST_F(SchemaRegistryTest, ModesAgainstTheCheckpointAndHistory) {
  // FORWARD: the previous version must read the new one's data.
  SchemaRef fwd = CreateAvro("fwd", Compatibility::kForward, kPerson);
  EXPECT_EQ(Register(fwd, kPersonAge).status, VersionStatus::kAvailable);
  SchemaRef fwd2 = CreateAvro("fwd2", Compatibility::kForward, kPersonAge);
  EXPECT_EQ(Register(fwd2, kPerson).status, VersionStatus::kFailure);
  // FULL both ways.
  SchemaRef full = CreateAvro("full", Compatibility::kFull, kPerson);
  EXPECT_EQ(Register(full, kPersonSalary).status, VersionStatus::kAvailable);
  EXPECT_EQ(Register(full, kPersonAge).status, VersionStatus::kFailure);
  // BACKWARD only looks at the latest version; BACKWARD_ALL at all since the checkpoint.
  SchemaRef plain = CreateAvro("plain", Compatibility::kBackward, kPersonAge);
  EXPECT_EQ(Register(plain, kPerson).status, VersionStatus::kAvailable);
  EXPECT_EQ(Register(plain, kPersonAgeDefault).status, VersionStatus::kAvailable);
  SchemaRef all = CreateAvro("all", Compatibility::kBackwardAll, kPersonAge);
  EXPECT_EQ(Register(all, kPerson).status, VersionStatus::kAvailable);
  // Reads v2 (no age: default used) and v1 (age present).
  EXPECT_EQ(Register(all, kPersonAgeDefault).status, VersionStatus::kAvailable);
  const char* name_long =
      R"({"type":"record","name":"Person","fields":[{"name":"name","type":"bytes"},)"
      R"({"name":"age","type":"long"}]})";
  // Reads v3 and v1 but not v2 (no age, no default) -> FAILURE under _ALL ...
  EXPECT_EQ(Register(all, name_long).status, VersionStatus::kFailure);
  // ... until the checkpoint moves past v2.
  ASSERT_TRUE(registry_->UpdateSchema(all, {.checkpoint = VersionSelector{.number = 3}}).ok());
  EXPECT_EQ(Register(all, name_long).status, VersionStatus::kAvailable);
}

TEST_F(SchemaRegistryTest, UpdateSchemaRules) {
  SchemaRef ref = CreateAvro("u", Compatibility::kBackward, kPerson);
  EXPECT_EQ(registry_->UpdateSchema(ref, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_->UpdateSchema(ref, {.compatibility = Compatibility::kNone}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_
                ->UpdateSchema(ref, {.checkpoint = VersionSelector{.latest = true},
                                     .compatibility = Compatibility::kBackward})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      registry_->UpdateSchema(ref, {.checkpoint = VersionSelector{.number = 9}}).status().code(),
      StatusCode::kNotFound);
  ASSERT_TRUE(registry_->UpdateSchema(ref, {.description = "d"}).ok());
  EXPECT_EQ(registry_->GetSchema(ref)->description, "d");
  EXPECT_EQ(Register(ref, kPersonAge).status, VersionStatus::kFailure);
  ASSERT_TRUE(registry_
                  ->UpdateSchema(ref, {.checkpoint = VersionSelector{.latest = true},
                                       .compatibility = Compatibility::kNone})
                  .ok());
  VersionRecord v = Register(ref, kPersonAge);
  EXPECT_EQ(v.status, VersionStatus::kAvailable);
  EXPECT_EQ(v.number, 3);
  ASSERT_TRUE(registry_->UpdateSchema(ref, {.checkpoint = VersionSelector{.number = 3}}).ok());
  EXPECT_EQ(
      registry_->UpdateSchema(ref, {.checkpoint = VersionSelector{.number = 1}}).status().code(),
      StatusCode::kInvalidArgument);
  // DISABLED: no new versions.
  ASSERT_TRUE(registry_
                  ->UpdateSchema(ref, {.checkpoint = VersionSelector{.latest = true},
                                       .compatibility = Compatibility::kDisabled})
                  .ok());
  EXPECT_EQ(registry_->RegisterVersion(ref, kPersonSalary).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(SchemaRegistryTest, DeleteVersionsKeepsTheCheckpoint) {
  SchemaRef ref = CreateAvro("d", Compatibility::kNone, kPerson);
  VersionRecord v2 = Register(ref, kPersonAge);
  Register(ref, kPersonSalary);
  EXPECT_EQ(registry_->DeleteVersions(ref, "1-2").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_->DeleteVersions(ref, "x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_->DeleteVersions(ref, "3-2").status().code(), StatusCode::kInvalidArgument);
  Result<std::vector<VersionDeleteError>> errors = registry_->DeleteVersions(ref, "2-9");
  ASSERT_TRUE(errors.ok()) << errors.status().ToString();
  EXPECT_TRUE(errors->empty());
  EXPECT_EQ(registry_->ListVersions(ref)->size(), 1u);
  EXPECT_EQ(registry_->GetSchema(ref)->latest_version, 1);
  EXPECT_EQ(registry_->GetVersionById(v2.id).status().code(), StatusCode::kNotFound);
  errors = registry_->DeleteVersions(ref, "2");
  ASSERT_TRUE(errors.ok());
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ((*errors)[0].number, 2);
  // Numbers keep counting after deletes.
  EXPECT_EQ(Register(ref, kPersonAge).number, 4);
}

TEST_F(SchemaRegistryTest, EverythingSurvivesReopen) {
  SchemaRef ref = CreateAvro("keep", Compatibility::kBackward, kPerson);
  VersionRecord v2 = Register(ref, kPersonAgeDefault);
  VersionRecord bad = Register(
      ref, R"({"type":"record","name":"Person","fields":[{"name":"zip","type":"string"}]})");
  ASSERT_TRUE(registry_->CreateRegistry("other", "desc", {{"k", "v"}}).ok());
  Reopen();
  EXPECT_EQ(registry_->GetRegistry("other")->tags.at("k"), "v");
  Result<SchemaRecord> s = registry_->GetSchema(ref);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->latest_version, 2);
  EXPECT_EQ(s->next_version, 4);
  EXPECT_EQ(registry_->GetVersionById(v2.id)->definition, kPersonAgeDefault);
  EXPECT_EQ(registry_->GetVersionById(bad.id)->status, VersionStatus::kFailure);
  EXPECT_EQ(registry_->ListVersions(ref)->size(), 3u);
  ASSERT_TRUE(registry_->DeleteSchema(ref).ok());
  ASSERT_TRUE(registry_->DeleteRegistry("reg").ok());
  Reopen();
  EXPECT_EQ(registry_->GetSchema(ref).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(registry_->GetVersionById(v2.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(registry_->ListRegistries().size(), 1u);
}

TEST_F(SchemaRegistryTest, LimitsAreEnforced) {
  Reopen({.max_registries = 2, .max_schemas = 2, .max_versions_per_schema = 2});
  SchemaRef ref = CreateAvro("a", Compatibility::kNone, kPerson);
  ASSERT_TRUE(registry_->CreateRegistry("r2", "", {}).ok());
  EXPECT_EQ(registry_->CreateRegistry("r3", "", {}).status().code(),
            StatusCode::kResourceExhausted);
  CreateAvro("b", Compatibility::kNone, kPerson);
  NewSchema n;
  n.registry = "reg";
  n.name = "c";
  EXPECT_EQ(registry_->CreateSchema(n).status().code(), StatusCode::kResourceExhausted);
  Register(ref, kPersonAge);
  EXPECT_EQ(registry_->RegisterVersion(ref, kPersonSalary).status().code(),
            StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace millrace::catalog
