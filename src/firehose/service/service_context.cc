#include "firehose/service/service_context.h"

namespace millrace::firehose::service {

ServiceContext::~ServiceContext() {
  Close();
}

Status ServiceContext::Open(log::LogManager* log, lake::ObjectStore* lake, CatalogView* catalog) {
  log_ = log;
  lake_ = lake;
  MR_ASSIGN_OR_RETURN(registry_, DeliveryStreamRegistry::Open(options_, log, lake, catalog));
  return Status::Ok();
}

void ServiceContext::Close() {
  blocking_.join();
  if (registry_) registry_->Close();
  registry_.reset();
}

namespace {

ApiError WrongType(std::string_view key, std::string_view expected) {
  return Serialization("Unexpected value type in payload: " + std::string(key) + " must be " +
                       std::string(expected));
}

const Value* Member(const Value& params, std::string_view key) {
  const Value* v = params.Find(key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

}  // namespace

ApiResult<std::optional<std::string>> OptString(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<std::string>();
  if (v->kind() != Value::Kind::kString) return WrongType(key, "a string");
  return std::optional<std::string>(v->string_value());
}

ApiResult<std::optional<int64_t>> OptInt(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<int64_t>();
  Result<int64_t> i = v->AsInt64(key);
  if (!i.ok() || v->kind() == Value::Kind::kString) return WrongType(key, "an integer");
  return std::optional<int64_t>(*i);
}

ApiResult<std::string> NeedString(const Value& params, std::string_view key,
                                  std::string_view member_path) {
  ApiResult<std::optional<std::string>> s = OptString(params, key);
  if (!s.ok()) return s.error();
  if (!s.value()) return ValidationFailure("null", member_path, "Member must not be null");
  return std::move(*s.value());
}

ApiResult<std::string> StreamName(const Value& params, std::string_view key) {
  std::string path(key);
  if (!path.empty()) path[0] = static_cast<char>(std::tolower(path[0]));
  ApiResult<std::string> name = NeedString(params, key, path);
  if (!name.ok()) return name;
  const std::string& n = name.value();
  if (n.empty() || n.size() > 64) {
    return ValidationFailure(n, path,
                             "Member must have length less than or equal to 64 and greater "
                             "than or equal to 1");
  }
  for (char c : n) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    if (!ok) {
      return ValidationFailure(n, path,
                               "Member must satisfy regular expression pattern: "
                               "[a-zA-Z0-9_.-]+");
    }
  }
  return name;
}

std::string AccountId(const AwsRequest& request) {
  return request.credential.account_id;
}
std::string Region(const AwsRequest& request) {
  return request.credential.region;
}

namespace {
AwsOutcome ToOutcome(ApiResult<Value> r) {
  if (!r.ok()) return r.error();
  return AwsOutcome(std::move(r).value());
}
}  // namespace

void AddSync(net::aws::AwsService& service, std::string name, SyncOperation op) {
  service.AddOperation(
      std::move(name),
      [op = std::move(op)](const AwsRequest& request) -> boost::asio::awaitable<AwsOutcome> {
        co_return ToOutcome(op(request));
      });
}

void AddBlocking(net::aws::AwsService& service, ServiceContext& ctx, std::string name,
                 SyncOperation op) {
  service.AddOperation(
      std::move(name),
      [&ctx, op = std::move(op)](const AwsRequest& request) -> boost::asio::awaitable<AwsOutcome> {
        ApiResult<Value> r = co_await ctx.RunBlocking([&] { return op(request); });
        co_return ToOutcome(std::move(r));
      });
}

}  // namespace millrace::firehose::service
