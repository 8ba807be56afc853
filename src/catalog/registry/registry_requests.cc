#include "catalog/registry/registry_requests.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "base/base64.h"

namespace millrace::catalog {

namespace {

Status Invalid(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

const Value* Present(const Value& params, std::string_view key) {
  const Value* v = params.Find(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

// "arn:aws:glue:<region>:<account>:<resource>" -> resource, or InvalidArgument.
Result<std::string_view> ArnResource(std::string_view arn, std::string_view member) {
  size_t colons[5];
  size_t at = 0;
  for (size_t& c : colons) {
    c = arn.find(':', at);
    if (c == std::string_view::npos) return Invalid(std::string(member) + " is not a Glue ARN");
    at = c + 1;
  }
  std::string_view partition = arn.substr(colons[0] + 1, colons[1] - colons[0] - 1);
  if (arn.substr(0, colons[0]) != "arn" || partition.substr(0, 3) != "aws" ||
      arn.substr(colons[1] + 1, colons[2] - colons[1] - 1) != "glue") {
    return Invalid(std::string(member) + " is not a Glue ARN: " + std::string(arn));
  }
  return arn.substr(colons[4] + 1);
}

}  // namespace

std::string RegistryArn(const ArnScope& scope, std::string_view registry) {
  return "arn:aws:glue:" + scope.region + ":" + scope.account + ":registry/" +
         std::string(registry);
}

std::string SchemaArn(const ArnScope& scope, std::string_view registry, std::string_view schema) {
  return "arn:aws:glue:" + scope.region + ":" + scope.account + ":schema/" + std::string(registry) +
         "/" + std::string(schema);
}

Result<std::optional<std::string>> OptionalString(const Value& params, std::string_view key) {
  const Value* v = Present(params, key);
  if (v == nullptr) return std::optional<std::string>();
  if (v->kind() != Value::Kind::kString) return Invalid(std::string(key) + " must be a string");
  return std::optional<std::string>(v->string_value());
}

Result<std::string> RequiredString(const Value& params, std::string_view key) {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> s, OptionalString(params, key));
  if (!s) return Invalid(std::string(key) + " is required");
  return std::move(*s);
}

Result<std::optional<int64_t>> OptionalInt(const Value& params, std::string_view key) {
  const Value* v = Present(params, key);
  if (v == nullptr) return std::optional<int64_t>();
  if (v->kind() != Value::Kind::kInt) return Invalid(std::string(key) + " must be an integer");
  return std::optional<int64_t>(v->int_value());
}

Result<Tags> OptionalTags(const Value& params) {
  Tags tags;
  const Value* v = Present(params, "Tags");
  if (v == nullptr) return tags;
  if (!v->is_object()) return Invalid("Tags must be a map of strings");
  if (v->object().size() > 50) return Invalid("Tags may hold at most 50 tags");
  for (const auto& [key, value] : v->object()) {
    if (value.kind() != Value::Kind::kString || key.empty() || key.size() > 128 ||
        value.string_value().size() > 256) {
      return Invalid("Tags must map keys of 1 to 128 characters to values of up to 256");
    }
    tags[key] = value.string_value();
  }
  return tags;
}

Result<std::optional<std::string>> OptionalDescription(const Value& params) {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> d, OptionalString(params, "Description"));
  if (d && d->size() > 2048) return Invalid("Description may hold at most 2048 characters");
  return d;
}

Result<std::string> RequiredDefinition(const Value& params) {
  MR_ASSIGN_OR_RETURN(std::string d, RequiredString(params, "SchemaDefinition"));
  bool blank = std::all_of(d.begin(), d.end(),
                           [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank || d.size() > 170000) {
    return Invalid("SchemaDefinition must hold 1 to 170000 characters, not all whitespace");
  }
  return d;
}

Result<std::string> RegistryFromId(const Value& params, std::string_view member,
                                   std::optional<std::string_view> fallback) {
  const Value* id = Present(params, member);
  if (id == nullptr) {
    if (fallback) return std::string(*fallback);
    return Invalid(std::string(member) + " is required");
  }
  if (!id->is_object()) return Invalid(std::string(member) + " must be a structure");
  MR_ASSIGN_OR_RETURN(std::optional<std::string> name, OptionalString(*id, "RegistryName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> arn, OptionalString(*id, "RegistryArn"));
  if (name && arn) return Invalid("RegistryId takes RegistryName or RegistryArn, not both");
  if (name) {
    MR_RETURN_IF_ERROR(ValidateRegistryName(*name, "RegistryName"));
    return std::move(*name);
  }
  if (!arn) return Invalid("RegistryId needs RegistryName or RegistryArn");
  MR_ASSIGN_OR_RETURN(std::string_view resource, ArnResource(*arn, "RegistryArn"));
  if (resource.substr(0, 9) != "registry/") return Invalid("RegistryArn is not a registry ARN");
  std::string registry(resource.substr(9));
  MR_RETURN_IF_ERROR(ValidateRegistryName(registry, "RegistryName"));
  return registry;
}

Result<SchemaRef> SchemaFromId(const Value& params, std::string_view member) {
  const Value* id = Present(params, member);
  if (id == nullptr) return Invalid(std::string(member) + " is required");
  if (!id->is_object()) return Invalid(std::string(member) + " must be a structure");
  MR_ASSIGN_OR_RETURN(std::optional<std::string> arn, OptionalString(*id, "SchemaArn"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> name, OptionalString(*id, "SchemaName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> registry, OptionalString(*id, "RegistryName"));
  SchemaRef ref;
  if (arn) {
    if (name || registry) return Invalid("SchemaId takes SchemaArn or SchemaName, not both");
    MR_ASSIGN_OR_RETURN(std::string_view resource, ArnResource(*arn, "SchemaArn"));
    size_t slash = resource.find('/', 7);
    if (resource.substr(0, 7) != "schema/" || slash == std::string_view::npos) {
      return Invalid("SchemaArn is not a schema ARN");
    }
    ref.registry = std::string(resource.substr(7, slash - 7));
    ref.schema = std::string(resource.substr(slash + 1));
  } else {
    if (!name) return Invalid("SchemaId needs SchemaArn or SchemaName and RegistryName");
    ref.schema = std::move(*name);
    ref.registry = registry ? std::move(*registry) : std::string(kDefaultRegistryName);
  }
  MR_RETURN_IF_ERROR(ValidateRegistryName(ref.registry, "RegistryName"));
  MR_RETURN_IF_ERROR(ValidateRegistryName(ref.schema, "SchemaName"));
  return ref;
}

Result<std::optional<VersionSelector>> OptionalVersionSelector(const Value& params,
                                                               std::string_view member) {
  const Value* v = Present(params, member);
  if (v == nullptr) return std::optional<VersionSelector>();
  if (!v->is_object()) return Invalid(std::string(member) + " must be a structure");
  const Value* latest = Present(*v, "LatestVersion");
  if (latest != nullptr && latest->kind() != Value::Kind::kBool) {
    return Invalid("LatestVersion must be a boolean");
  }
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> number, OptionalInt(*v, "VersionNumber"));
  bool want_latest = latest != nullptr && latest->bool_value();
  if (want_latest == number.has_value()) {
    return Invalid(std::string(member) +
                   " needs exactly one of LatestVersion (true) and "
                   "VersionNumber");
  }
  if (number && (*number < 1 || *number > 100000)) {
    return Invalid("VersionNumber must be between 1 and 100000");
  }
  VersionSelector s;
  s.latest = want_latest;
  s.number = number.value_or(0);
  return std::optional<VersionSelector>(s);
}

std::string FormatTime(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[96];
  std::snprintf(out, sizeof(out), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return out;
}

Result<Page> Paginate(const Value& params, const std::vector<std::string>& keys) {
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> max, OptionalInt(params, "MaxResults"));
  if (max && (*max < 1 || *max > 100)) return Invalid("MaxResults must be between 1 and 100");
  MR_ASSIGN_OR_RETURN(std::optional<std::string> token, OptionalString(params, "NextToken"));
  Page page;
  if (token) {
    std::optional<std::string> after = base64::Decode(*token);
    if (!after) return Invalid("NextToken is not a token this service gave out");
    page.begin =
        static_cast<size_t>(std::upper_bound(keys.begin(), keys.end(), *after) - keys.begin());
  }
  page.end = std::min(keys.size(), page.begin + static_cast<size_t>(max.value_or(100)));
  if (page.end < keys.size()) page.next_token = base64::Encode(keys[page.end - 1]);
  return page;
}

}  // namespace millrace::catalog
