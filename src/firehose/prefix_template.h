// PrefixTemplate: an S3 Prefix or ErrorOutputPrefix with its `!{namespace:value}` expressions,
// parsed and checked once at configuration time and evaluated for every object Firehose writes.
//
// Expressions: `!{timestamp:<pattern>}` (see date_time_pattern.h; the arrival time of the oldest
// record in the object, in the stream's CustomTimeZone; every use in one evaluation sees the same
// instant), `!{firehose:random-string}` (11 characters, new per use),
// `!{firehose:error-output-type}` (ErrorOutputPrefix only), `!{partitionKeyFromQuery:<name>}` and
// `!{partitionKeyFromLambda:<name>}` (Prefix only). `!{` only ever starts an expression. The rules
// that tie a Prefix to its ErrorOutputPrefix live in BuildPrefixPair. Immutable after Parse:
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "firehose/custom_time_zone.h"
#include "firehose/date_time_pattern.h"
#include "firehose/partition_keys.h"

namespace millrace::firehose {

enum class PrefixKind { kPrefix, kErrorOutputPrefix };

// Firehose's limits on a prefix: as configured, and once evaluated.
inline constexpr size_t kMaxPrefixLength = 1024;
inline constexpr size_t kMaxEvaluatedPrefixLength = 512;

// What one evaluation needs. Pointers are borrowed for the call; null means "none".
struct PrefixContext {
  int64_t arrival_millis = 0;                  // oldest record's approximate arrival time
  const CustomTimeZone* time_zone = nullptr;   // UTC when null
  std::string_view error_output_type;          // e.g. "processing-failed"; ErrorOutputPrefix only
  const PartitionKeys* query_keys = nullptr;   // from the MetadataExtraction processor
  const PartitionKeys* lambda_keys = nullptr;  // from the transform's metadata.partitionKeys
};

class PrefixTemplate {
 public:
  // Errors: InvalidArgument with a message for the API caller (unknown namespace or value, an
  // expression not allowed for `kind`, a bad timestamp pattern, an unterminated or nested `!{`,
  // a prefix longer than kMaxPrefixLength).
  static Result<PrefixTemplate> Parse(std::string_view text, PrefixKind kind);

  // The evaluated prefix. Errors: InvalidArgument when a partition key the template names is
  // missing from the context, or when the result exceeds kMaxEvaluatedPrefixLength; the caller
  // sends the affected records to the error output.
  Result<std::string> Evaluate(const PrefixContext& context) const;

  const std::string& text() const { return text_; }
  PrefixKind kind() const { return kind_; }
  bool HasExpressions() const;
  bool HasTimestamp() const;
  bool HasErrorOutputType() const;
  bool UsesPartitionKeys() const;
  // The key names used by partitionKeyFromQuery / partitionKeyFromLambda expressions, in order.
  std::vector<std::string> QueryKeyNames() const;
  std::vector<std::string> LambdaKeyNames() const;

 private:
  enum class Part : uint8_t {
    kLiteral,
    kTimestamp,
    kRandomString,
    kErrorOutputType,
    kQueryKey,
    kLambdaKey
  };
  struct Segment {
    Part part;
    std::string text;  // the literal, or the key name
    DateTimePattern pattern;
  };
  bool Has(Part part) const;
  std::vector<std::string> KeyNames(Part part) const;

  std::string text_;
  PrefixKind kind_ = PrefixKind::kPrefix;
  std::vector<Segment> segments_;
};

// The Prefix and ErrorOutputPrefix a destination actually uses once Firehose's rules are applied.
struct PrefixPair {
  PrefixTemplate prefix;
  PrefixTemplate error_prefix;
};

// Applies Firehose's rules to a destination's Prefix and ErrorOutputPrefix (null or empty when
// absent):
// - a Prefix without a timestamp expression gets `!{timestamp:yyyy/MM/dd/HH/}` appended (so an
//   empty Prefix is the default `yyyy/MM/dd/HH/`), unless dynamic partitioning is enabled;
// - a Prefix with expressions requires an ErrorOutputPrefix;
// - an ErrorOutputPrefix with expressions must contain `!{firehose:error-output-type}`; a literal
//   one gets `!{firehose:error-output-type}/` appended, and one without a timestamp gets the
//   timestamp appended; an absent one is the (literal) Prefix followed by both;
// - with dynamic partitioning the Prefix must use at least one partitionKeyFrom* expression and an
//   ErrorOutputPrefix is required; without it partitionKeyFrom* expressions are rejected.
// Errors: InvalidArgument, worded for the API caller.
Result<PrefixPair> BuildPrefixPair(std::string_view prefix, const std::string* error_prefix,
                                   bool dynamic_partitioning);

// BuildPrefixPair, keeping only the verdict.
Status ValidatePrefixPair(std::string_view prefix, const std::string* error_prefix,
                          bool dynamic_partitioning);

// The error-output-type values Firehose writes under.
inline constexpr std::string_view kProcessingFailed = "processing-failed";
inline constexpr std::string_view kFormatConversionFailed = "format-conversion-failed";
inline constexpr std::string_view kHttpEndpointFailed = "http-endpoint-failed";

}  // namespace millrace::firehose
