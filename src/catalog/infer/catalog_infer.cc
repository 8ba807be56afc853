#include "catalog/infer/catalog_infer.h"

#include <algorithm>
#include <ostream>
#include <set>

#include "base/endian.h"
#include "catalog/infer/glue_client.h"
#include "catalog/infer/table_inference.h"
#include "lake/s3_client/s3_client.h"
#include "parquet/format.h"
#include "parquet/metadata.h"

namespace millrace::catalog {

namespace {

constexpr uint64_t kTailRead = 64 << 10;  // one range read covers most footers
constexpr size_t kPartitionsPerBatch = 100;

// The footer of the Parquet object `key`, or nullopt when it is not a Parquet file.
Result<std::optional<parquet::FileMetaData>> ReadFooter(lake::s3::S3Client& s3,
                                                        const std::string& bucket,
                                                        const std::string& key, uint64_t size) {
  const uint64_t trailer = parquet::kFooterTrailerSize;
  if (size < trailer + parquet::kMagic.size()) return std::optional<parquet::FileMetaData>();
  const uint64_t tail_length = std::min(size, kTailRead);
  MR_ASSIGN_OR_RETURN(std::string tail, s3.GetObjectRange(bucket, key, size - tail_length,
                                                          tail_length));
  if (tail.size() != tail_length || tail.substr(tail.size() - 4) != parquet::kMagic) {
    return std::optional<parquet::FileMetaData>();
  }
  const uint64_t footer_length =
      LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(tail.data() + tail.size() - trailer));
  if (footer_length + trailer + parquet::kMagic.size() > size) {
    return Status::Corruption("s3://" + bucket + "/" + key + ": footer length " +
                              std::to_string(footer_length) + " exceeds the object");
  }
  std::string footer;
  if (footer_length + trailer <= tail.size()) {
    footer = tail.substr(tail.size() - trailer - footer_length, footer_length);
  } else {
    MR_ASSIGN_OR_RETURN(footer, s3.GetObjectRange(bucket, key, size - trailer - footer_length,
                                                  footer_length));
  }
  Result<parquet::FileMetaData> metadata = parquet::ParseFileMetaData(footer);
  if (!metadata.ok()) {
    return Status::Corruption("s3://" + bucket + "/" + key + ": " + metadata.status().message());
  }
  return std::optional<parquet::FileMetaData>(std::move(metadata).value());
}

Result<std::vector<std::string>> StringValues(const Value& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return Status::Internal("Values is not a list");
  for (const Value& v : list.array()) {
    if (v.kind() != Value::Kind::kString) return Status::Internal("Values holds a non-string");
    out.push_back(v.string_value());
  }
  return out;
}

// The partitions the table has already.
Result<std::set<std::vector<std::string>>> ExistingPartitions(GlueClient& glue,
                                                              const std::string& db,
                                                              const std::string& table) {
  std::set<std::vector<std::string>> existing;
  std::string token;
  do {
    Value request = Value::MakeObject();
    request.Set("DatabaseName", Value(db));
    request.Set("TableName", Value(table));
    request.Set("ExcludeColumnSchema", Value(true));
    if (!token.empty()) request.Set("NextToken", Value(token));
    MR_ASSIGN_OR_RETURN(Value page, glue.Call("GetPartitions", request));
    if (const Value* parts = page.Find("Partitions"); parts != nullptr && parts->is_array()) {
      for (const Value& p : parts->array()) {
        if (const Value* values = p.Find("Values")) {
          MR_ASSIGN_OR_RETURN(std::vector<std::string> v, StringValues(*values));
          existing.insert(std::move(v));
        }
      }
    }
    const Value* next = page.Find("NextToken");
    token = next != nullptr && next->kind() == Value::Kind::kString ? next->string_value() : "";
  } while (!token.empty());
  return existing;
}

std::string Describe(const std::vector<InferredColumn>& columns) {
  std::string out;
  for (const InferredColumn& c : columns) {
    out += (out.empty() ? "" : ", ") + c.name + " " + c.type.ToString();
  }
  return out.empty() ? "(none)" : out;
}

}  // namespace

Status InferCatalogTable(const InferOptions& options, std::ostream& out) {
  MR_ASSIGN_OR_RETURN(S3Location location, ParseS3Location(options.location));
  if (options.database.empty()) return Status::InvalidArgument("--database is required");
  const std::string table = options.table.empty() ? TableNameFor(location) : options.table;

  lake::s3::S3Client s3({.endpoint = options.endpoint,
                         .region = options.region,
                         .access_key = options.access_key,
                         .secret_key = options.secret_key});
  TableInference inference(location);
  size_t skipped = 0;
  std::string token;
  do {
    MR_ASSIGN_OR_RETURN(lake::s3::S3ObjectListing page,
                        s3.ListObjects(location.bucket, location.prefix, token));
    for (const auto& object : page.objects) {
      const std::string_view relative = std::string_view(object.key).substr(location.prefix.size());
      if (IsIgnoredObject(relative)) continue;
      MR_ASSIGN_OR_RETURN(std::optional<parquet::FileMetaData> footer,
                          ReadFooter(s3, location.bucket, object.key, object.size));
      if (!footer) {
        ++skipped;
        continue;
      }
      MR_RETURN_IF_ERROR(inference.AddObject(relative, object.size, *footer));
    }
    token = page.next_continuation_token;
  } while (!token.empty());
  if (inference.object_count() == 0) {
    return Status::NotFound("no Parquet objects under " + location.ToString());
  }

  GlueClient glue({.endpoint = options.endpoint,
                   .region = options.region,
                   .access_key = options.access_key,
                   .secret_key = options.secret_key});
  Value create_db = Value::MakeObject();
  Value db_input = Value::MakeObject();
  db_input.Set("Name", Value(options.database));
  create_db.Set("DatabaseInput", std::move(db_input));
  if (Result<Value> r = glue.Call("CreateDatabase", create_db);
      !r.ok() && r.status().code() != StatusCode::kAlreadyExists) {
    return r.status();
  }
  Value table_request = Value::MakeObject();
  table_request.Set("DatabaseName", Value(options.database));
  table_request.Set("TableInput", inference.TableInput(table));
  bool created = true;
  if (Result<Value> r = glue.Call("CreateTable", table_request); !r.ok()) {
    if (r.status().code() != StatusCode::kAlreadyExists) return r.status();
    MR_RETURN_IF_ERROR(glue.Call("UpdateTable", table_request).status());
    created = false;
  }

  MR_ASSIGN_OR_RETURN(auto existing, ExistingPartitions(glue, options.database, table));
  std::vector<std::vector<std::string>> missing;
  for (auto& values : inference.partitions()) {
    if (existing.count(values) == 0) missing.push_back(values);
  }
  size_t added = 0, raced = 0;
  for (size_t start = 0; start < missing.size(); start += kPartitionsPerBatch) {
    Value request = Value::MakeObject();
    request.Set("DatabaseName", Value(options.database));
    request.Set("TableName", Value(table));
    Value inputs = Value::MakeArray();
    const size_t end = std::min(missing.size(), start + kPartitionsPerBatch);
    for (size_t i = start; i < end; ++i) inputs.Append(inference.PartitionInput(missing[i]));
    request.Set("PartitionInputList", std::move(inputs));
    MR_ASSIGN_OR_RETURN(Value reply, glue.Call("BatchCreatePartition", request));
    size_t failed = 0;
    if (const Value* errors = reply.Find("Errors"); errors != nullptr && errors->is_array()) {
      for (const Value& e : errors->array()) {
        const Value* detail = e.Find("ErrorDetail");
        const Value* code = detail != nullptr ? detail->Find("ErrorCode") : nullptr;
        if (code != nullptr && code->kind() == Value::Kind::kString &&
            code->string_value() == "AlreadyExistsException") {
          ++raced;
          continue;
        }
        const Value* message = detail != nullptr ? detail->Find("ErrorMessage") : nullptr;
        return Status::Internal("BatchCreatePartition failed: " +
                                (message != nullptr && message->kind() == Value::Kind::kString
                                     ? message->string_value()
                                     : std::string("unknown error")));
      }
      failed = errors->array().size();
    }
    added += (end - start) - failed;
  }

  out << "table " << options.database << "." << table << " at " << location.ToString() << " "
      << (created ? "created" : "updated") << "\n";
  out << "  columns: " << Describe(inference.columns()) << "\n";
  out << "  partition keys: " << Describe(inference.partition_keys()) << "\n";
  out << "  " << inference.object_count() << " Parquet objects, " << inference.record_count()
      << " rows";
  if (skipped > 0) out << "; " << skipped << " other objects skipped";
  out << "\n";
  out << "  partitions: " << added << " created, " << existing.size() + raced
      << " already present\n";
  for (const std::string& w : inference.warnings()) out << "  warning: " << w << "\n";
  return Status::Ok();
}

}  // namespace millrace::catalog
