#include "catalog/catalog_shapes.h"

#include <cctype>
#include <set>

#include "catalog/hive_type.h"

namespace millrace::catalog {

namespace {

Status Invalid(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

// A member that must be a string when present.
Status CheckOptionalString(const Value& doc, std::string_view key, std::string_view where,
                           size_t max_length = 0) {
  const Value* v = doc.Find(key);
  if (v == nullptr || v->is_null()) return Status::Ok();
  if (v->kind() != Value::Kind::kString) {
    return Invalid(std::string(where) + "." + std::string(key) + " must be a string");
  }
  if (max_length > 0 && v->string_value().size() > max_length) {
    return Invalid(std::string(where) + "." + std::string(key) + " is longer than " +
                   std::to_string(max_length) + " characters");
  }
  return Status::Ok();
}

// Parameters-style members: a map of strings to strings.
Status CheckStringMap(const Value& doc, std::string_view key, std::string_view where) {
  const Value* v = doc.Find(key);
  if (v == nullptr || v->is_null()) return Status::Ok();
  if (!v->is_object()) {
    return Invalid(std::string(where) + "." + std::string(key) + " must be a map of strings");
  }
  for (const auto& [k, value] : v->object()) {
    if (value.kind() != Value::Kind::kString) {
      return Invalid(std::string(where) + "." + std::string(key) + " value for '" + k +
                     "' must be a string");
    }
  }
  return Status::Ok();
}

Status CheckOptionalObject(const Value& doc, std::string_view key, std::string_view where) {
  const Value* v = doc.Find(key);
  if (v == nullptr || v->is_null() || v->is_object()) return Status::Ok();
  return Invalid(std::string(where) + "." + std::string(key) + " must be a structure");
}

// A list of Column structures; names must be unique within `seen`.
Status CheckColumns(const Value& doc, std::string_view key, std::string_view where,
                    std::set<std::string>* seen) {
  const Value* list = doc.Find(key);
  if (list == nullptr || list->is_null()) return Status::Ok();
  const std::string path = std::string(where) + "." + std::string(key);
  if (!list->is_array()) return Invalid(path + " must be a list of columns");
  for (const Value& column : list->array()) {
    if (!column.is_object()) return Invalid(path + " entries must be structures");
    const Value* name = column.Find("Name");
    if (name == nullptr || name->kind() != Value::Kind::kString || name->string_value().empty()) {
      return Invalid(path + ": every column needs a Name");
    }
    const std::string& n = name->string_value();
    if (n.size() > kMaxNameLength) {
      return Invalid(path + ": column name '" + n.substr(0, 32) + "...' is longer than 255");
    }
    std::string lower = n;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!seen->insert(lower).second) return Invalid(path + ": duplicate column name '" + n + "'");
    MR_RETURN_IF_ERROR(CheckOptionalString(column, "Type", path, kMaxColumnTypeLength));
    MR_RETURN_IF_ERROR(CheckOptionalString(column, "Comment", path, 255));
    MR_RETURN_IF_ERROR(CheckStringMap(column, "Parameters", path));
    const Value* type = column.Find("Type");
    if (type != nullptr && !type->is_null()) {
      Result<HiveType> parsed = ParseHiveType(type->string_value());
      if (!parsed.ok()) {
        return Invalid("Column '" + n + "': " + parsed.status().message());
      }
    }
  }
  return Status::Ok();
}

Status CheckStorageDescriptor(const Value& sd, std::string_view where, std::set<std::string>* seen) {
  if (!sd.is_object()) return Invalid(std::string(where) + " must be a structure");
  MR_RETURN_IF_ERROR(CheckColumns(sd, "Columns", where, seen));
  for (std::string_view key : {"Location", "InputFormat", "OutputFormat"}) {
    MR_RETURN_IF_ERROR(CheckOptionalString(sd, key, where, 2056));
  }
  MR_RETURN_IF_ERROR(CheckStringMap(sd, "Parameters", where));
  MR_RETURN_IF_ERROR(CheckOptionalObject(sd, "SerdeInfo", where));
  if (const Value* serde = sd.Find("SerdeInfo"); serde != nullptr && serde->is_object()) {
    const std::string serde_where = std::string(where) + ".SerdeInfo";
    MR_RETURN_IF_ERROR(CheckOptionalString(*serde, "Name", serde_where));
    MR_RETURN_IF_ERROR(CheckOptionalString(*serde, "SerializationLibrary", serde_where));
    MR_RETURN_IF_ERROR(CheckStringMap(*serde, "Parameters", serde_where));
  }
  const Value* compressed = sd.Find("Compressed");
  if (compressed != nullptr && !compressed->is_null() &&
      compressed->kind() != Value::Kind::kBool) {
    return Invalid(std::string(where) + ".Compressed must be a boolean");
  }
  return Status::Ok();
}

Result<std::string> RequiredName(const Value& input, std::string_view where,
                                 std::string_view what) {
  if (!input.is_object()) return Invalid(std::string(where) + " must be a structure");
  const Value* name = input.Find("Name");
  if (name == nullptr || name->is_null()) return Invalid(std::string(where) + ".Name is required");
  if (name->kind() != Value::Kind::kString) {
    return Invalid(std::string(where) + ".Name must be a string");
  }
  return NormalizeName(name->string_value(), what);
}

}  // namespace

Result<std::string> NormalizeName(std::string_view name, std::string_view what) {
  if (name.empty()) return Invalid(std::string(what) + " must not be empty");
  if (name.size() > kMaxNameLength) {
    return Invalid(std::string(what) + " is longer than 255 characters");
  }
  std::string lower;
  lower.reserve(name.size());
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t') {
      return Invalid(std::string(what) + " must be a single-line string");
    }
    lower.push_back(static_cast<char>(std::tolower(byte)));
  }
  return lower;
}

Result<Value> DatabaseFromInput(const Value& input, std::string_view catalog_id, int64_t now_ms) {
  MR_ASSIGN_OR_RETURN(std::string name, RequiredName(input, "DatabaseInput", "Database name"));
  MR_RETURN_IF_ERROR(
      CheckOptionalString(input, "Description", "DatabaseInput", kMaxDescriptionLength));
  MR_RETURN_IF_ERROR(CheckOptionalString(input, "LocationUri", "DatabaseInput", 1024));
  MR_RETURN_IF_ERROR(CheckStringMap(input, "Parameters", "DatabaseInput"));
  Value db = input;
  db.Set("Name", Value(name));
  db.Set("CreateTime", Value::Timestamp(now_ms));
  db.Set("CatalogId", Value(catalog_id));
  return db;
}

Result<Value> TableFromInput(const Value& input, std::string_view db, std::string_view catalog_id,
                             int64_t now_ms) {
  MR_ASSIGN_OR_RETURN(std::string name, RequiredName(input, "TableInput", "Table name"));
  MR_RETURN_IF_ERROR(CheckOptionalString(input, "Description", "TableInput", kMaxDescriptionLength));
  for (std::string_view key : {"Owner", "TableType", "ViewOriginalText", "ViewExpandedText"}) {
    MR_RETURN_IF_ERROR(CheckOptionalString(input, key, "TableInput"));
  }
  MR_RETURN_IF_ERROR(CheckStringMap(input, "Parameters", "TableInput"));
  std::set<std::string> columns;
  if (const Value* sd = input.Find("StorageDescriptor"); sd != nullptr && !sd->is_null()) {
    MR_RETURN_IF_ERROR(CheckStorageDescriptor(*sd, "TableInput.StorageDescriptor", &columns));
  }
  std::set<std::string> keys;
  MR_RETURN_IF_ERROR(CheckColumns(input, "PartitionKeys", "TableInput", &keys));
  for (const std::string& key : keys) {
    if (columns.count(key) > 0) {
      return Invalid("Partition key '" + key + "' is also a column of the table");
    }
  }
  if (const Value* retention = input.Find("Retention");
      retention != nullptr && !retention->is_null() && !retention->AsInt64("Retention").ok()) {
    return Invalid("TableInput.Retention must be an integer");
  }
  Value table = input;
  table.Set("Name", Value(name));
  table.Set("DatabaseName", Value(db));
  table.Set("CreateTime", Value::Timestamp(now_ms));
  table.Set("UpdateTime", Value::Timestamp(now_ms));
  if (!table.Has("Retention")) table.Set("Retention", Value(0));
  if (!table.Has("PartitionKeys")) table.Set("PartitionKeys", Value::MakeArray());
  table.Set("IsRegisteredWithLakeFormation", Value(false));
  table.Set("CatalogId", Value(catalog_id));
  table.Set("VersionId", Value("1"));
  return table;
}

std::vector<PartitionKey> PartitionKeysOf(const Value& table) {
  std::vector<PartitionKey> keys;
  const Value* list = table.Find("PartitionKeys");
  if (list == nullptr || !list->is_array()) return keys;
  for (const Value& column : list->array()) {
    PartitionKey key;
    key.name = StringMember(column, "Name");
    // A key without a type is a string key, as Glue treats it.
    std::string type = StringMember(column, "Type");
    if (!type.empty()) {
      if (Result<HiveType> parsed = ParseHiveType(type); parsed.ok()) key.type = *parsed;
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

Result<std::vector<std::string>> StringList(const Value& list, std::string_view what) {
  if (!list.is_array()) return Invalid(std::string(what) + " must be a list of strings");
  std::vector<std::string> values;
  for (const Value& v : list.array()) {
    if (v.kind() != Value::Kind::kString) {
      return Invalid(std::string(what) + " must be a list of strings");
    }
    if (v.string_value().size() > kMaxPartitionValueLength) {
      return Invalid(std::string(what) + ": a value is longer than 1024 characters");
    }
    values.push_back(v.string_value());
  }
  return values;
}

Result<std::vector<std::string>> PartitionValuesOf(const Value& input, size_t key_count) {
  if (!input.is_object()) return Invalid("PartitionInput must be a structure");
  const Value* list = input.Find("Values");
  if (list == nullptr || list->is_null()) return Invalid("PartitionInput.Values is required");
  MR_ASSIGN_OR_RETURN(std::vector<std::string> values, StringList(*list, "PartitionInput.Values"));
  if (values.size() != key_count) {
    return Invalid("The number of partition keys do not match the number of partition values: "
                   "the table has " + std::to_string(key_count) + " partition keys, the "
                   "partition " + std::to_string(values.size()) + " values");
  }
  return values;
}

Result<Value> PartitionFromInput(const Value& input, const Value& table,
                                 std::string_view catalog_id, int64_t now_ms) {
  const size_t key_count = PartitionKeysOf(table).size();
  MR_ASSIGN_OR_RETURN(std::vector<std::string> values, PartitionValuesOf(input, key_count));
  (void)values;
  std::set<std::string> columns;
  if (const Value* sd = input.Find("StorageDescriptor"); sd != nullptr && !sd->is_null()) {
    MR_RETURN_IF_ERROR(CheckStorageDescriptor(*sd, "PartitionInput.StorageDescriptor", &columns));
  }
  MR_RETURN_IF_ERROR(CheckStringMap(input, "Parameters", "PartitionInput"));
  Value partition = input;
  partition.Set("DatabaseName", Value(StringMember(table, "DatabaseName")));
  partition.Set("TableName", Value(StringMember(table, "Name")));
  partition.Set("CreationTime", Value::Timestamp(now_ms));
  partition.Set("CatalogId", Value(catalog_id));
  return partition;
}

std::string StringMember(const Value& doc, std::string_view key) {
  const Value* v = doc.Find(key);
  if (v == nullptr || v->kind() != Value::Kind::kString) return "";
  return v->string_value();
}

}  // namespace millrace::catalog
