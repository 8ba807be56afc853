#include "firehose/prefix_template.h"

#include <algorithm>

#include "firehose/random_names.h"

namespace millrace::firehose {

namespace {

constexpr std::string_view kDefaultTimestamp = "!{timestamp:yyyy/MM/dd/HH/}";
constexpr std::string_view kErrorOutputType = "!{firehose:error-output-type}";

std::string_view FieldName(PrefixKind kind) {
  return kind == PrefixKind::kPrefix ? "Prefix" : "ErrorOutputPrefix";
}

}  // namespace

Result<PrefixTemplate> PrefixTemplate::Parse(std::string_view text, PrefixKind kind) {
  const std::string field(FieldName(kind));
  if (text.size() > kMaxPrefixLength) {
    return Status::InvalidArgument(field + " is longer than " + std::to_string(kMaxPrefixLength) +
                                   " characters");
  }
  PrefixTemplate parsed;
  parsed.text_ = std::string(text);
  parsed.kind_ = kind;
  auto literal = [&](std::string_view piece) {
    if (piece.empty()) return;
    if (parsed.segments_.empty() || parsed.segments_.back().part != Part::kLiteral) {
      parsed.segments_.push_back({Part::kLiteral, {}, {}});
    }
    parsed.segments_.back().text += piece;
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = text.find("!{", pos);
    if (start == std::string_view::npos) {
      literal(text.substr(pos));
      break;
    }
    literal(text.substr(pos, start - pos));
    const size_t end = text.find('}', start + 2);
    if (end == std::string_view::npos) {
      return Status::InvalidArgument(field + " '" + std::string(text) +
                                     "' has an expression without its closing '}'");
    }
    const std::string_view body = text.substr(start + 2, end - start - 2);
    if (body.find("!{") != std::string_view::npos) {
      return Status::InvalidArgument(field + " '" + std::string(text) +
                                     "' nests an expression inside another");
    }
    const size_t colon = body.find(':');
    if (colon == std::string_view::npos) {
      return Status::InvalidArgument(field + " expression '!{" + std::string(body) +
                                     "}' is not of the form !{namespace:value}");
    }
    const std::string_view ns = body.substr(0, colon);
    const std::string_view value = body.substr(colon + 1);
    const std::string expression = "!{" + std::string(body) + "}";
    Segment segment{Part::kLiteral, {}, {}};
    if (ns == "timestamp") {
      if (value.empty()) {
        return Status::InvalidArgument(field + " expression " + expression +
                                       " needs a date-time pattern");
      }
      MR_ASSIGN_OR_RETURN(segment.pattern, DateTimePattern::Compile(value));
      segment.part = Part::kTimestamp;
    } else if (ns == "firehose") {
      if (value == "random-string") {
        segment.part = Part::kRandomString;
      } else if (value == "error-output-type") {
        if (kind == PrefixKind::kPrefix) {
          return Status::InvalidArgument(
              "The '!{firehose:error-output-type}' expression is only allowed in "
              "ErrorOutputPrefix, not in Prefix");
        }
        segment.part = Part::kErrorOutputType;
      } else {
        return Status::InvalidArgument(field + " expression " + expression +
                                       " is unknown: the firehose namespace has "
                                       "random-string and error-output-type");
      }
    } else if (ns == "partitionKeyFromQuery" || ns == "partitionKeyFromLambda") {
      if (kind == PrefixKind::kErrorOutputPrefix) {
        return Status::InvalidArgument("ErrorOutputPrefix cannot use the " + std::string(ns) +
                                       " namespace (" + expression + ")");
      }
      if (value.empty()) {
        return Status::InvalidArgument(field + " expression " + expression +
                                       " needs a partition key name");
      }
      segment.part = ns == "partitionKeyFromQuery" ? Part::kQueryKey : Part::kLambdaKey;
      segment.text = std::string(value);
    } else {
      return Status::InvalidArgument(
          field + " expression " + expression + " has the unknown namespace '" + std::string(ns) +
          "': use timestamp, firehose, partitionKeyFromQuery or partitionKeyFromLambda");
    }
    parsed.segments_.push_back(std::move(segment));
    pos = end + 1;
  }
  return parsed;
}

Result<std::string> PrefixTemplate::Evaluate(const PrefixContext& context) const {
  const int32_t offset =
      context.time_zone ? context.time_zone->OffsetSecondsAt(context.arrival_millis) : 0;
  std::string out;
  auto key = [&](const PartitionKeys* keys, const std::string& name,
                 std::string_view ns) -> Status {
    const std::string* value = keys ? keys->Find(name) : nullptr;
    if (value == nullptr) {
      return Status::InvalidArgument("partition key '" + name + "' used by !{" + std::string(ns) +
                                     ":" + name + "} is missing for this record");
    }
    out += *value;
    return Status::Ok();
  };
  for (const Segment& segment : segments_) {
    switch (segment.part) {
      case Part::kLiteral:
        out += segment.text;
        break;
      case Part::kTimestamp:
        segment.pattern.Format(context.arrival_millis, offset, out);
        break;
      case Part::kRandomString:
        out += RandomPrefixString();
        break;
      case Part::kErrorOutputType:
        out += context.error_output_type;
        break;
      case Part::kQueryKey:
        MR_RETURN_IF_ERROR(key(context.query_keys, segment.text, "partitionKeyFromQuery"));
        break;
      case Part::kLambdaKey:
        MR_RETURN_IF_ERROR(key(context.lambda_keys, segment.text, "partitionKeyFromLambda"));
        break;
    }
  }
  if (out.size() > kMaxEvaluatedPrefixLength) {
    return Status::InvalidArgument("the evaluated " + std::string(FieldName(kind_)) + " is " +
                                   std::to_string(out.size()) + " characters, more than " +
                                   std::to_string(kMaxEvaluatedPrefixLength));
  }
  return out;
}

bool PrefixTemplate::Has(Part part) const {
  return std::any_of(segments_.begin(), segments_.end(),
                     [part](const Segment& s) { return s.part == part; });
}

std::vector<std::string> PrefixTemplate::KeyNames(Part part) const {
  std::vector<std::string> names;
  for (const Segment& s : segments_) {
    if (s.part == part && std::find(names.begin(), names.end(), s.text) == names.end()) {
      names.push_back(s.text);
    }
  }
  return names;
}

bool PrefixTemplate::HasExpressions() const {
  return std::any_of(segments_.begin(), segments_.end(),
                     [](const Segment& s) { return s.part != Part::kLiteral; });
}
bool PrefixTemplate::HasTimestamp() const {
  return Has(Part::kTimestamp);
}
bool PrefixTemplate::HasErrorOutputType() const {
  return Has(Part::kErrorOutputType);
}
bool PrefixTemplate::UsesPartitionKeys() const {
  return Has(Part::kQueryKey) || Has(Part::kLambdaKey);
}
std::vector<std::string> PrefixTemplate::QueryKeyNames() const {
  return KeyNames(Part::kQueryKey);
}
std::vector<std::string> PrefixTemplate::LambdaKeyNames() const {
  return KeyNames(Part::kLambdaKey);
}

Result<PrefixPair> BuildPrefixPair(std::string_view prefix, const std::string* error_prefix,
                                   bool dynamic_partitioning) {
  MR_ASSIGN_OR_RETURN(PrefixTemplate given, PrefixTemplate::Parse(prefix, PrefixKind::kPrefix));
  if (dynamic_partitioning) {
    if (!given.UsesPartitionKeys()) {
      return Status::InvalidArgument(
          "When dynamic partitioning is enabled, Prefix must contain at least one "
          "!{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} expression");
    }
    if (error_prefix == nullptr || error_prefix->empty()) {
      return Status::InvalidArgument(
          "ErrorOutputPrefix is required when dynamic partitioning is enabled");
    }
  } else if (given.UsesPartitionKeys()) {
    return Status::InvalidArgument(
        "Prefix uses partitionKeyFromQuery or partitionKeyFromLambda expressions, which need "
        "dynamic partitioning to be enabled");
  }
  if (error_prefix != nullptr && error_prefix->empty()) error_prefix = nullptr;  // "" = absent
  if (given.HasExpressions() && error_prefix == nullptr) {
    return Status::InvalidArgument(
        "ErrorOutputPrefix must be specified when Prefix contains expressions");
  }
  PrefixPair pair;
  if (given.HasTimestamp() || dynamic_partitioning) {
    pair.prefix = std::move(given);
  } else {
    MR_ASSIGN_OR_RETURN(pair.prefix,
                        PrefixTemplate::Parse(std::string(prefix) + std::string(kDefaultTimestamp),
                                              PrefixKind::kPrefix));
  }

  std::string error_text = error_prefix ? *error_prefix : std::string(prefix);
  MR_ASSIGN_OR_RETURN(PrefixTemplate error_given,
                      PrefixTemplate::Parse(error_text, PrefixKind::kErrorOutputPrefix));
  if (error_given.HasExpressions() && !error_given.HasErrorOutputType()) {
    return Status::InvalidArgument(
        "ErrorOutputPrefix contains expressions, so it must contain at least one "
        "!{firehose:error-output-type} expression");
  }
  if (!error_given.HasExpressions()) error_text += std::string(kErrorOutputType) + "/";
  if (!error_given.HasTimestamp()) error_text += std::string(kDefaultTimestamp);
  MR_ASSIGN_OR_RETURN(pair.error_prefix,
                      PrefixTemplate::Parse(error_text, PrefixKind::kErrorOutputPrefix));
  return pair;
}

Status ValidatePrefixPair(std::string_view prefix, const std::string* error_prefix,
                          bool dynamic_partitioning) {
  return BuildPrefixPair(prefix, error_prefix, dynamic_partitioning).status();
}

}  // namespace millrace::firehose
