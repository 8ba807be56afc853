#include "firehose/jq_partition_query.h"

extern "C" {
#include <jq.h>
#include <jv.h>
}

namespace millrace::firehose {

namespace {

// Collects jq's compile-time messages instead of letting libjq print them to stderr.
void CollectError(void* data, jv message) {
  auto* sink = static_cast<std::string*>(data);
  jv text = jv_get_kind(message) == JV_KIND_STRING ? jv_copy(message)
                                                   : jv_dump_string(jv_copy(message), 0);
  if (!sink->empty()) sink->append("; ");
  sink->append(jv_string_value(text));
  jv_free(text);
  jv_free(message);
}

// jq's text for a jv (consumes it).
std::string Dump(jv value) {
  jv text = jv_dump_string(value, 0);
  std::string out = jv_string_value(text);
  jv_free(text);
  return out;
}

std::string_view KindName(jv_kind kind) {
  switch (kind) {
    case JV_KIND_NULL:
      return "null";
    case JV_KIND_FALSE:
    case JV_KIND_TRUE:
      return "a boolean";
    case JV_KIND_NUMBER:
      return "a number";
    case JV_KIND_STRING:
      return "a string";
    case JV_KIND_ARRAY:
      return "an array";
    case JV_KIND_OBJECT:
      return "an object";
    default:
      return "no value";
  }
}

}  // namespace

Result<std::unique_ptr<JqPartitionQuery>> JqPartitionQuery::Compile(std::string_view query) {
  std::unique_ptr<JqPartitionQuery> compiled(new JqPartitionQuery());
  compiled->query_ = std::string(query);
  compiled->jq_ = jq_init();
  if (compiled->jq_ == nullptr) return Status::Internal("jq_init failed");
  jq_set_error_cb(compiled->jq_, CollectError, &compiled->compile_errors_);
  if (query.empty() || !jq_compile(compiled->jq_, compiled->query_.c_str())) {
    std::string message =
        compiled->compile_errors_.empty() ? "the query is empty" : compiled->compile_errors_;
    return Status::InvalidArgument("MetadataExtractionQuery '" + compiled->query_ +
                                   "' does not compile: " + message);
  }
  compiled->compile_errors_.clear();
  return compiled;
}

JqPartitionQuery::~JqPartitionQuery() {
  if (jq_ != nullptr) jq_teardown(&jq_);
}

Result<PartitionKeys> JqPartitionQuery::Evaluate(std::string_view record) {
  jv input = jv_parse_sized(record.data(), static_cast<int>(record.size()));
  if (!jv_is_valid(input)) {
    jv_free(input);
    return Status::InvalidArgument("Non JSON record provided");
  }
  jq_start(jq_, input, 0);
  jv result = jq_next(jq_);
  // Drain any further outputs so the next record starts from a clean state.
  jv extra = jv_is_valid(result) ? jq_next(jq_) : jv_invalid();
  while (jv_is_valid(extra)) {
    jv_free(extra);
    extra = jq_next(jq_);
  }
  jv_free(extra);
  if (!jv_is_valid(result)) {
    std::string detail = "it produced no output";
    if (jv_invalid_has_msg(jv_copy(result))) {
      jv message = jv_invalid_get_msg(result);
      detail = jv_get_kind(message) == JV_KIND_STRING ? std::string(jv_string_value(message))
                                                      : Dump(jv_copy(message));
      jv_free(message);
    } else {
      jv_free(result);
    }
    return Status::InvalidArgument("JQ query failed on the record: " + detail);
  }
  if (jv_get_kind(result) != JV_KIND_OBJECT) {
    std::string kind(KindName(jv_get_kind(result)));
    jv_free(result);
    return Status::InvalidArgument(
        "the metadata extraction query must produce an object of "
        "partition keys, but it produced " +
        kind);
  }
  PartitionKeys keys;
  Status status;
  jv_object_foreach(result, key, value) {
    const std::string name = jv_string_value(key);
    jv_free(key);
    const jv_kind kind = jv_get_kind(value);
    if (status.ok()) {
      switch (kind) {
        case JV_KIND_STRING:
          keys.Set(name, jv_string_value(value));
          break;
        case JV_KIND_NUMBER:
        case JV_KIND_TRUE:
        case JV_KIND_FALSE:
          keys.Set(name, Dump(jv_copy(value)));
          break;
        case JV_KIND_NULL:
          status = Status::InvalidArgument("partition key '" + name +
                                           "' is null: the record has no value for it");
          break;
        default:
          status = Status::InvalidArgument("partition key '" + name + "' is " +
                                           std::string(KindName(kind)) +
                                           "; partition keys must be strings, numbers or "
                                           "booleans");
          break;
      }
    }
    jv_free(value);
  }
  jv_free(result);
  if (!status.ok()) return status;
  return keys;
}

}  // namespace millrace::firehose
