#include "catalog/partition_filter.h"

#include "catalog/filter_syntax.h"

namespace millrace::catalog {

namespace {

using Node = PartitionFilter::Node;

// <0, 0, >0 comparing a partition value with a literal; nullopt when a numeric key holds a
// value that is not a number (such a partition matches no comparison).
std::optional<int> Compare(const PartitionKey& key, const std::string& value, const Literal& lit) {
  if (key.type.is_numeric()) {
    std::optional<long double> n = ParseFilterNumber(value);
    if (!n) return std::nullopt;
    return *n < lit.number ? -1 : *n > lit.number ? 1 : 0;
  }
  int c = value.compare(lit.text);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool Holds(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEq: return c == 0;
    case CompareOp::kNe: return c != 0;
    case CompareOp::kLt: return c < 0;
    case CompareOp::kGt: return c > 0;
    case CompareOp::kLe: return c <= 0;
    case CompareOp::kGe: return c >= 0;
  }
  return false;
}

bool Evaluate(const Node& node, const std::vector<PartitionKey>& keys,
              const std::vector<std::string>& values) {
  switch (node.op) {
    case Node::Op::kAnd:
      return Evaluate(*node.children[0], keys, values) && Evaluate(*node.children[1], keys, values);
    case Node::Op::kOr:
      return Evaluate(*node.children[0], keys, values) || Evaluate(*node.children[1], keys, values);
    case Node::Op::kNot:
      return !Evaluate(*node.children[0], keys, values);
    default:
      break;
  }
  const PartitionKey& key = keys[node.key];
  const std::string& value = values[node.key];
  bool result = false;
  switch (node.op) {
    case Node::Op::kCompare: {
      std::optional<int> c = Compare(key, value, node.literals[0]);
      return c.has_value() && Holds(node.compare, *c);
    }
    case Node::Op::kBetween: {
      std::optional<int> low = Compare(key, value, node.literals[0]);
      std::optional<int> high = Compare(key, value, node.literals[1]);
      if (!low || !high) return false;
      result = *low >= 0 && *high <= 0;
      break;
    }
    case Node::Op::kIn: {
      bool comparable = false;
      for (const Literal& lit : node.literals) {
        std::optional<int> c = Compare(key, value, lit);
        comparable = comparable || c.has_value();
        if (c == 0) {
          result = true;
          break;
        }
      }
      if (!comparable) return false;
      break;
    }
    case Node::Op::kLike:
      result = LikeMatches(value, node.literals[0].text);
      break;
    case Node::Op::kIsNull:
      result = false;  // partition values are never null
      break;
    default:
      break;
  }
  return node.negated ? !result : result;
}


}  // namespace

PartitionFilter::PartitionFilter(std::unique_ptr<Node> root, std::vector<PartitionKey> keys)
    : root_(std::move(root)), keys_(std::move(keys)) {}
PartitionFilter::PartitionFilter(PartitionFilter&&) noexcept = default;
PartitionFilter& PartitionFilter::operator=(PartitionFilter&&) noexcept = default;
PartitionFilter::~PartitionFilter() = default;

Result<PartitionFilter> PartitionFilter::Parse(std::string_view expression,
                                               const std::vector<PartitionKey>& keys) {
  MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> root, ParseFilterExpression(expression, keys));
  return PartitionFilter(std::move(root), keys);
}

bool PartitionFilter::Matches(const std::vector<std::string>& values) const {
  return root_ == nullptr || Evaluate(*root_, keys_, values);
}

bool LikeMatches(std::string_view text, std::string_view pattern) {
  // Greedy matching with backtracking to the last '%': linear in practice, no recursion.
  size_t t = 0, p = 0;
  size_t star = std::string_view::npos, star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      if (pattern[p] != '%') {
        ++t;
        ++p;
        continue;
      }
    }
    if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      star_text = t;
      continue;
    }
    if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
      continue;
    }
    return false;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace millrace::catalog
