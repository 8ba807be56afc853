#include "catalog/infer/table_inference.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "catalog/infer/parquet_hive_types.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"

namespace millrace::catalog {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The compressionType table parameter a crawler sets for a Parquet codec.
std::string_view CompressionType(parquet::Codec codec) {
  switch (codec) {
    case parquet::Codec::kSnappy: return "snappy";
    case parquet::Codec::kGzip: return "gzip";
    case parquet::Codec::kZstd: return "zstd";
    case parquet::Codec::kLz4:
    case parquet::Codec::kLz4Raw: return "lz4";
    case parquet::Codec::kBrotli: return "brotli";
    case parquet::Codec::kLzo: return "lzo";
    default: return "none";
  }
}

// The wider of two types that differ only in width (int/bigint, float/double), or nullopt.
std::optional<HiveType> Widen(const HiveType& a, const HiveType& b) {
  auto rank = [](HiveType::Kind k) {
    switch (k) {
      case HiveType::Kind::kTinyInt: return 1;
      case HiveType::Kind::kSmallInt: return 2;
      case HiveType::Kind::kInt: return 3;
      case HiveType::Kind::kBigInt: return 4;
      default: return 0;
    }
  };
  if (rank(a.kind) > 0 && rank(b.kind) > 0) return rank(a.kind) >= rank(b.kind) ? a : b;
  auto is_float = [](HiveType::Kind k) {
    return k == HiveType::Kind::kFloat || k == HiveType::Kind::kDouble;
  };
  if (is_float(a.kind) && is_float(b.kind)) {
    HiveType d;
    d.kind = HiveType::Kind::kDouble;
    return d;
  }
  return std::nullopt;
}

Value Column(const InferredColumn& c) {
  Value v = Value::MakeObject();
  v.Set("Name", Value(c.name));
  v.Set("Type", Value(c.type.ToString()));
  return v;
}

}  // namespace

Status TableInference::AddObject(std::string_view relative_key, uint64_t size,
                                 const parquet::FileMetaData& footer) {
  MR_ASSIGN_OR_RETURN(ObjectPath path, ParseObjectPath(relative_key));
  std::vector<std::string> names, values;
  std::string dir;
  for (const auto& [key, value] : path.partitions) {
    names.push_back(key);
    values.push_back(value);
  }
  dir = std::string(relative_key.substr(0, relative_key.size() - path.file.size()));
  if (saw_object_ && names != key_names_) {
    return Status::InvalidArgument(
        "'" + std::string(relative_key) + "' is partitioned by other keys than the objects "
        "before it; a table needs one partition layout");
  }
  MR_ASSIGN_OR_RETURN(parquet::Schema schema, parquet::Schema::FromElements(footer.schema));
  std::vector<InferredColumn> file_columns;
  for (const parquet::SchemaNode& node : schema.columns()) {
    Result<HiveType> type = HiveTypeOfParquet(node);
    if (!type.ok()) {
      return Status::InvalidArgument("'" + std::string(relative_key) + "': " +
                                     type.status().message());
    }
    file_columns.push_back({Lower(node.name), std::move(type).value()});
  }
  // Everything checked: merge.
  saw_object_ = true;
  key_names_ = names;
  for (InferredColumn& column : file_columns) {
    auto same = std::find_if(columns_.begin(), columns_.end(),
                             [&](const InferredColumn& c) { return c.name == column.name; });
    if (same == columns_.end()) {
      columns_.push_back(std::move(column));
    } else if (!(same->type == column.type)) {
      if (std::optional<HiveType> wider = Widen(same->type, column.type)) {
        same->type = *wider;
      } else {
        warnings_.push_back("column " + column.name + " is " + column.type.ToString() + " in " +
                            std::string(relative_key) + " but " + same->type.ToString() +
                            " before; keeping " + same->type.ToString());
      }
    }
  }
  partitions_.emplace(values, dir);
  if (object_count_ == 0 && !footer.row_groups.empty() && !footer.row_groups[0].columns.empty() &&
      footer.row_groups[0].columns[0].meta_data) {
    compression_ = std::string(CompressionType(footer.row_groups[0].columns[0].meta_data->codec));
  }
  ++object_count_;
  record_count_ += footer.num_rows;
  size_bytes_ += size;
  return Status::Ok();
}

std::vector<InferredColumn> TableInference::columns() const {
  std::vector<InferredColumn> out;
  for (const InferredColumn& c : columns_) {
    if (std::find(key_names_.begin(), key_names_.end(), c.name) == key_names_.end()) {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<InferredColumn> TableInference::partition_keys() const {
  std::vector<InferredColumn> keys;
  for (size_t i = 0; i < key_names_.size(); ++i) {
    std::vector<std::string> values;
    for (const auto& [partition, dir] : partitions_) values.push_back(partition[i]);
    keys.push_back({key_names_[i], PartitionKeyType(values)});
  }
  return keys;
}

std::vector<std::vector<std::string>> TableInference::partitions() const {
  std::vector<std::vector<std::string>> out;
  if (key_names_.empty()) return out;
  for (const auto& [values, dir] : partitions_) out.push_back(values);
  return out;
}

Value TableInference::Parameters() const {
  Value p = Value::MakeObject();
  p.Set("classification", Value("parquet"));
  p.Set("compressionType", Value(compression_));
  p.Set("typeOfData", Value("file"));
  p.Set("EXTERNAL", Value("TRUE"));
  p.Set("objectCount", Value(std::to_string(object_count_)));
  p.Set("recordCount", Value(std::to_string(record_count_)));
  p.Set("sizeKey", Value(std::to_string(size_bytes_)));
  p.Set("averageRecordSize",
        Value(std::to_string(record_count_ > 0 ? size_bytes_ / record_count_ : 0)));
  return p;
}

Value TableInference::StorageDescriptor(const std::string& location, bool with_columns) const {
  Value serde = Value::MakeObject();
  serde.Set("SerializationLibrary", Value(kParquetSerDe));
  Value serde_params = Value::MakeObject();
  serde_params.Set("serialization.format", Value("1"));
  serde.Set("Parameters", std::move(serde_params));
  Value sd = Value::MakeObject();
  Value columns = Value::MakeArray();
  if (with_columns) {
    for (const InferredColumn& c : this->columns()) columns.Append(Column(c));
  }
  sd.Set("Columns", std::move(columns));
  sd.Set("Location", Value(location));
  sd.Set("InputFormat", Value(kParquetInputFormat));
  sd.Set("OutputFormat", Value(kParquetOutputFormat));
  sd.Set("Compressed", Value(false));
  sd.Set("NumberOfBuckets", Value(-1));
  sd.Set("SerdeInfo", std::move(serde));
  sd.Set("BucketColumns", Value::MakeArray());
  sd.Set("SortColumns", Value::MakeArray());
  sd.Set("Parameters", Parameters());
  sd.Set("StoredAsSubDirectories", Value(false));
  return sd;
}

Value TableInference::TableInput(const std::string& name) const {
  Value input = Value::MakeObject();
  input.Set("Name", Value(name));
  input.Set("Owner", Value("owner"));
  input.Set("Retention", Value(0));
  input.Set("StorageDescriptor", StorageDescriptor(location_.ToString(), true));
  Value keys = Value::MakeArray();
  for (const InferredColumn& k : partition_keys()) keys.Append(Column(k));
  input.Set("PartitionKeys", std::move(keys));
  input.Set("TableType", Value("EXTERNAL_TABLE"));
  input.Set("Parameters", Parameters());
  return input;
}

Value TableInference::PartitionInput(const std::vector<std::string>& values) const {
  auto it = partitions_.find(values);
  const std::string dir = it == partitions_.end() ? "" : it->second;
  Value list = Value::MakeArray();
  for (const std::string& v : values) list.Append(Value(v));
  Value input = Value::MakeObject();
  input.Set("Values", std::move(list));
  input.Set("StorageDescriptor", StorageDescriptor(location_.ToString() + dir, true));
  return input;
}

}  // namespace millrace::catalog
