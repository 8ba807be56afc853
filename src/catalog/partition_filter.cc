#include "catalog/partition_filter.h"

#include <cctype>
#include <charconv>
#include <optional>

#include "catalog/filter_lexer.h"

namespace millrace::catalog {

namespace {

constexpr int kMaxNesting = 100;

enum class CompareOp : uint8_t { kEq, kNe, kLt, kGt, kLe, kGe };

// A literal of the expression, typed for the key it is compared with.
struct Literal {
  std::string text;
  long double number = 0;  // numeric keys only
};

std::optional<long double> ParseNumber(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  long double n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

CompareOp Flip(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return CompareOp::kGt;
    case CompareOp::kGt: return CompareOp::kLt;
    case CompareOp::kLe: return CompareOp::kGe;
    case CompareOp::kGe: return CompareOp::kLe;
    default: return op;
  }
}

}  // namespace

struct PartitionFilter::Node {
  enum class Op : uint8_t { kAnd, kOr, kNot, kCompare, kBetween, kIn, kLike, kIsNull };
  Op op = Op::kAnd;
  std::vector<std::unique_ptr<Node>> children;  // kAnd, kOr: two; kNot: one
  int key = -1;                                 // predicates: index into the keys
  CompareOp compare = CompareOp::kEq;
  std::vector<Literal> literals;  // kCompare, kLike: one; kBetween: two; kIn: one or more
  bool negated = false;           // NOT BETWEEN / NOT IN / NOT LIKE / IS NOT NULL
};

namespace {

using Node = PartitionFilter::Node;

// Recursive-descent parser with one token of lookahead.
class FilterParser {
 public:
  FilterParser(std::string_view text, const std::vector<PartitionKey>& keys)
      : text_(text), keys_(keys), lexer_(text) {}

  Result<std::unique_ptr<Node>> ParseAll() {
    MR_RETURN_IF_ERROR(Advance());
    if (token_.kind == FilterToken::Kind::kEnd) return std::unique_ptr<Node>();
    MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> root, ParseOr(0));
    if (token_.kind != FilterToken::Kind::kEnd) return Error("unexpected '" + token_.text + "'");
    return root;
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("Invalid partition filter expression '" + std::string(text_) +
                                   "': " + what + " at position " +
                                   std::to_string(token_.position));
  }

  Status Advance() {
    MR_ASSIGN_OR_RETURN(token_, lexer_.Next());
    return Status::Ok();
  }

  bool IsKeyword(std::string_view k) const {
    return token_.kind == FilterToken::Kind::kKeyword && token_.text == k;
  }

  Result<bool> AcceptKeyword(std::string_view k) {
    if (!IsKeyword(k)) return false;
    MR_RETURN_IF_ERROR(Advance());
    return true;
  }

  Status ExpectKeyword(std::string_view k) {
    MR_ASSIGN_OR_RETURN(bool ok, AcceptKeyword(k));
    if (!ok) return Error("expected " + std::string(k));
    return Status::Ok();
  }

  static std::unique_ptr<Node> Join(Node::Op op, std::unique_ptr<Node> a, std::unique_ptr<Node> b) {
    auto node = std::make_unique<Node>();
    node->op = op;
    node->children.push_back(std::move(a));
    node->children.push_back(std::move(b));
    return node;
  }

  Result<std::unique_ptr<Node>> ParseOr(int depth) {
    MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> left, ParseAnd(depth));
    while (true) {
      MR_ASSIGN_OR_RETURN(bool more, AcceptKeyword("OR"));
      if (!more) return left;
      MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> right, ParseAnd(depth));
      left = Join(Node::Op::kOr, std::move(left), std::move(right));
    }
  }

  Result<std::unique_ptr<Node>> ParseAnd(int depth) {
    MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> left, ParseUnary(depth));
    while (true) {
      MR_ASSIGN_OR_RETURN(bool more, AcceptKeyword("AND"));
      if (!more) return left;
      MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> right, ParseUnary(depth));
      left = Join(Node::Op::kAnd, std::move(left), std::move(right));
    }
  }

  Result<std::unique_ptr<Node>> ParseUnary(int depth) {
    if (depth > kMaxNesting) return Error("expression nested too deeply");
    MR_ASSIGN_OR_RETURN(bool negate, AcceptKeyword("NOT"));
    if (negate) {
      auto node = std::make_unique<Node>();
      node->op = Node::Op::kNot;
      MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> inner, ParseUnary(depth + 1));
      node->children.push_back(std::move(inner));
      return node;
    }
    if (token_.kind == FilterToken::Kind::kLeftParen) {
      MR_RETURN_IF_ERROR(Advance());
      MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> inner, ParseOr(depth + 1));
      if (token_.kind != FilterToken::Kind::kRightParen) return Error("expected ')'");
      MR_RETURN_IF_ERROR(Advance());
      return inner;
    }
    return ParsePredicate();
  }

  // An operand: a key (returns its index) or a literal token (returns -1, fills *literal).
  Result<int> ParseOperand(FilterToken* literal) {
    if (token_.kind == FilterToken::Kind::kIdentifier) {
      for (size_t i = 0; i < keys_.size(); ++i) {
        if (EqualsIgnoreCase(keys_[i].name, token_.text)) {
          MR_RETURN_IF_ERROR(Advance());
          return static_cast<int>(i);
        }
      }
      return Error("unknown partition key '" + token_.text + "'");
    }
    if (IsKeyword("DATE") || IsKeyword("TIMESTAMP")) {  // DATE '2024-01-01': the string itself
      MR_RETURN_IF_ERROR(Advance());
      if (token_.kind != FilterToken::Kind::kString) return Error("expected a quoted literal");
    }
    if (token_.kind == FilterToken::Kind::kString || token_.kind == FilterToken::Kind::kNumber) {
      *literal = token_;
      MR_RETURN_IF_ERROR(Advance());
      return -1;
    }
    if (token_.kind == FilterToken::Kind::kEnd) return Error("unexpected end of expression");
    return Error("expected a partition key or a literal, found '" + token_.text + "'");
  }

  // The literal typed for `key`: numeric keys need a number (quoted or not).
  Result<Literal> Typed(int key, const FilterToken& token) {
    Literal literal;
    literal.text = token.text;
    if (keys_[key].type.is_numeric()) {
      std::optional<long double> n = ParseNumber(token.text);
      if (!n) {
        return Status::InvalidArgument(
            "Invalid partition filter expression '" + std::string(text_) + "': '" + token.text +
            "' is not a number, but partition key '" + keys_[key].name + "' is of type " +
            keys_[key].type.ToString() + " at position " + std::to_string(token.position));
      }
      literal.number = *n;
    }
    return literal;
  }

  Result<Literal> ParseLiteralFor(int key) {
    FilterToken literal;
    MR_ASSIGN_OR_RETURN(int other, ParseOperand(&literal));
    if (other >= 0) return Error("expected a literal, not a partition key");
    return Typed(key, literal);
  }

  Result<std::unique_ptr<Node>> ParsePredicate() {
    FilterToken left_literal;
    MR_ASSIGN_OR_RETURN(int left_key, ParseOperand(&left_literal));
    auto node = std::make_unique<Node>();
    if (token_.kind == FilterToken::Kind::kOperator) {
      const std::string op = token_.text;
      node->op = Node::Op::kCompare;
      node->compare = op == "=" ? CompareOp::kEq
                      : (op == "<>" || op == "!=") ? CompareOp::kNe
                      : op == "<"                  ? CompareOp::kLt
                      : op == ">"                  ? CompareOp::kGt
                      : op == "<="                 ? CompareOp::kLe
                                                   : CompareOp::kGe;
      MR_RETURN_IF_ERROR(Advance());
      FilterToken right_literal;
      MR_ASSIGN_OR_RETURN(int right_key, ParseOperand(&right_literal));
      if (left_key >= 0 && right_key >= 0) {
        return Error("comparing two partition keys is not supported");
      }
      if (left_key < 0 && right_key < 0) return Error("a comparison needs a partition key");
      if (left_key >= 0) {
        node->key = left_key;
        MR_ASSIGN_OR_RETURN(Literal l, Typed(left_key, right_literal));
        node->literals.push_back(std::move(l));
      } else {
        node->key = right_key;
        node->compare = Flip(node->compare);
        MR_ASSIGN_OR_RETURN(Literal l, Typed(right_key, left_literal));
        node->literals.push_back(std::move(l));
      }
      return node;
    }
    if (left_key < 0) return Error("expected a comparison after '" + left_literal.text + "'");
    node->key = left_key;
    if (IsKeyword("IS")) {
      MR_RETURN_IF_ERROR(Advance());
      node->op = Node::Op::kIsNull;
      MR_ASSIGN_OR_RETURN(node->negated, AcceptKeyword("NOT"));
      MR_RETURN_IF_ERROR(ExpectKeyword("NULL"));
      return node;
    }
    MR_ASSIGN_OR_RETURN(node->negated, AcceptKeyword("NOT"));
    if (IsKeyword("BETWEEN")) {
      MR_RETURN_IF_ERROR(Advance());
      node->op = Node::Op::kBetween;
      MR_ASSIGN_OR_RETURN(Literal low, ParseLiteralFor(left_key));
      MR_RETURN_IF_ERROR(ExpectKeyword("AND"));
      MR_ASSIGN_OR_RETURN(Literal high, ParseLiteralFor(left_key));
      node->literals.push_back(std::move(low));
      node->literals.push_back(std::move(high));
      return node;
    }
    if (IsKeyword("IN")) {
      MR_RETURN_IF_ERROR(Advance());
      node->op = Node::Op::kIn;
      if (token_.kind != FilterToken::Kind::kLeftParen) return Error("expected '(' after IN");
      do {
        MR_RETURN_IF_ERROR(Advance());
        MR_ASSIGN_OR_RETURN(Literal item, ParseLiteralFor(left_key));
        node->literals.push_back(std::move(item));
      } while (token_.kind == FilterToken::Kind::kComma);
      if (token_.kind != FilterToken::Kind::kRightParen) return Error("expected ')' or ','");
      MR_RETURN_IF_ERROR(Advance());
      return node;
    }
    if (IsKeyword("LIKE")) {
      MR_RETURN_IF_ERROR(Advance());
      node->op = Node::Op::kLike;
      if (token_.kind != FilterToken::Kind::kString) return Error("LIKE needs a quoted pattern");
      node->literals.push_back(Literal{token_.text, 0});
      MR_RETURN_IF_ERROR(Advance());
      return node;
    }
    if (token_.kind == FilterToken::Kind::kEnd) return Error("unexpected end of expression");
    return Error("expected a comparison, BETWEEN, IN, LIKE or IS, found '" + token_.text + "'");
  }

  std::string_view text_;
  const std::vector<PartitionKey>& keys_;
  FilterLexer lexer_;
  FilterToken token_;
};

// <0, 0, >0 comparing a partition value with a literal; nullopt when a numeric key holds a
// value that is not a number (such a partition matches no comparison).
std::optional<int> Compare(const PartitionKey& key, const std::string& value, const Literal& lit) {
  if (key.type.is_numeric()) {
    std::optional<long double> n = ParseNumber(value);
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
  FilterParser parser(expression, keys);
  MR_ASSIGN_OR_RETURN(std::unique_ptr<Node> root, parser.ParseAll());
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
