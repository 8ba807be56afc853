// The partition filter parser: recursive descent over FilterLexer's tokens.
#include <cctype>
#include <charconv>

#include "catalog/filter_lexer.h"
#include "catalog/filter_syntax.h"

namespace millrace::catalog {

namespace {

constexpr int kMaxNesting = 100;

using Node = PartitionFilter::Node;

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
      std::optional<long double> n = ParseFilterNumber(token.text);
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

}  // namespace

std::optional<long double> ParseFilterNumber(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  long double n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

Result<std::unique_ptr<Node>> ParseFilterExpression(std::string_view text,
                                                    const std::vector<PartitionKey>& keys) {
  FilterParser parser(text, keys);
  return parser.ParseAll();
}

}  // namespace millrace::catalog
