#include "catalog/service/glue_context.h"

#include "base/kv_store.h"
#include "catalog/catalog_errors.h"

namespace millrace::catalog {

GlueContext::GlueContext(std::string data_dir) : data_dir_(std::move(data_dir)) {}

GlueContext::~GlueContext() {
  Close();
}

Status GlueContext::Open() {
  MR_ASSIGN_OR_RETURN(store_, KvStore::Open(data_dir_ + "/catalog"));
  catalog_ = std::make_unique<Catalog>(store_.get());
  return Status::Ok();
}

void GlueContext::Close() {
  blocking_.join();
  catalog_.reset();
  store_.reset();
}

net::aws::AwsError ToGlueError(const Status& status) {
  const StatusCode code = status.code();
  const bool client_error = code == StatusCode::kNotFound || code == StatusCode::kAlreadyExists ||
                            code == StatusCode::kInvalidArgument ||
                            code == StatusCode::kOutOfRange ||
                            code == StatusCode::kResourceExhausted;
  return {std::string(GlueErrorName(code)), status.message(), client_error ? 400 : 500};
}

namespace {

const Value* Member(const Value& params, std::string_view key) {
  const Value* v = params.Find(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

Status WrongType(std::string_view key, std::string_view expected) {
  return Status::InvalidArgument(std::string(key) + " must be " + std::string(expected));
}

Status Missing(std::string_view key) {
  return Status::InvalidArgument(std::string(key) + " is required");
}

}  // namespace

Result<std::optional<std::string>> OptString(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<std::string>();
  if (v->kind() != Value::Kind::kString) return WrongType(key, "a string");
  return std::optional<std::string>(v->string_value());
}

Result<std::string> NeedString(const Value& params, std::string_view key) {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> s, OptString(params, key));
  if (!s) return Missing(key);
  return std::move(*s);
}

Result<std::optional<int64_t>> OptInt(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<int64_t>();
  Result<int64_t> i = v->AsInt64(key);
  if (!i.ok() || v->kind() == Value::Kind::kString) return WrongType(key, "an integer");
  return std::optional<int64_t>(*i);
}

Result<bool> OptBool(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return false;
  if (v->kind() != Value::Kind::kBool) return WrongType(key, "a boolean");
  return v->bool_value();
}

Result<const Value*> NeedObject(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return Missing(key);
  if (!v->is_object()) return WrongType(key, "a structure");
  return v;
}

Result<const Value::Array*> NeedArray(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return Missing(key);
  if (!v->is_array()) return WrongType(key, "a list");
  return &v->array();
}

Result<std::vector<std::string>> NeedStringList(const Value& params, std::string_view key) {
  MR_ASSIGN_OR_RETURN(const Value::Array* list, NeedArray(params, key));
  std::vector<std::string> out;
  for (const Value& v : *list) {
    if (v.kind() != Value::Kind::kString) return WrongType(key, "a list of strings");
    out.push_back(v.string_value());
  }
  return out;
}

Result<ListOptions> ListOptionsOf(const Value& params) {
  ListOptions options;
  MR_ASSIGN_OR_RETURN(std::optional<std::string> token, OptString(params, "NextToken"));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> max, OptInt(params, "MaxResults"));
  if (token) options.next_token = *token;
  if (max) {
    if (*max < 1 || *max > 1000) {
      return Status::InvalidArgument("MaxResults " + std::to_string(*max) + " is out of range");
    }
    options.max_results = static_cast<int32_t>(*max);
  }
  return options;
}

Value PageValue(std::string_view list_name, CatalogPage page) {
  Value out = Value::MakeObject();
  out.Set(std::string(list_name), Value(std::move(page.items)));
  if (!page.next_token.empty()) out.Set("NextToken", Value(std::move(page.next_token)));
  return out;
}

void AddCatalogOperation(net::aws::AwsService& service, GlueContext& ctx, std::string name,
                         CatalogOperation op) {
  service.AddOperation(
      std::move(name),
      [&ctx, op = std::move(op)](
          const net::aws::AwsRequest& request) -> boost::asio::awaitable<net::aws::AwsOutcome> {
        // Closed (the server is stopping): the blocking pool no longer runs anything.
        if (ctx.catalog() == nullptr) {
          co_return ToGlueError(Status::Unavailable("The catalog is not open"));
        }
        auto work = ctx.RunBlocking([&ctx, &op, &request]() -> Result<Value> {
          Catalog* catalog = ctx.catalog();
          if (catalog == nullptr) return Status::Unavailable("The catalog is not open");
          return op(*catalog, request.params);
        });
        Result<Value> result = co_await std::move(work);
        if (!result.ok()) co_return ToGlueError(result.status());
        co_return std::move(result).value();
      });
}

}  // namespace millrace::catalog
