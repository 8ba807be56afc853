// The syntax tree of a partition filter, shared by its parser (filter_parser.cc) and its
// evaluator (partition_filter.cc). Internal to the catalog.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "catalog/partition_filter.h"

namespace millrace::catalog {

enum class CompareOp : uint8_t { kEq, kNe, kLt, kGt, kLe, kGe };

// A literal of the expression, typed for the key it is compared with.
struct Literal {
  std::string text;
  long double number = 0;  // numeric keys only
};

struct PartitionFilter::Node {
  enum class Op : uint8_t { kAnd, kOr, kNot, kCompare, kBetween, kIn, kLike, kIsNull };
  Op op = Op::kAnd;
  std::vector<std::unique_ptr<Node>> children;  // kAnd, kOr: two; kNot: one
  int key = -1;                                 // predicates: index into the keys
  CompareOp compare = CompareOp::kEq;
  std::vector<Literal> literals;  // kCompare, kLike: one; kBetween: two; kIn: one or more
  bool negated = false;           // NOT BETWEEN / NOT IN / NOT LIKE / IS NOT NULL
};

// Parses `text` over `keys`; nullptr for an empty expression. InvalidArgument on errors.
Result<std::unique_ptr<PartitionFilter::Node>> ParseFilterExpression(
    std::string_view text, const std::vector<PartitionKey>& keys);

// `text` as a number (an optional sign, digits, fraction, exponent), or nullopt.
std::optional<long double> ParseFilterNumber(std::string_view text);

}  // namespace millrace::catalog
