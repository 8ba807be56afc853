#include "catalog/filter_lexer.h"

#include <cctype>

namespace millrace::catalog {

namespace {

constexpr std::string_view kKeywords[] = {"AND",  "OR",   "NOT",  "BETWEEN",  "IN",
                                          "LIKE", "IS",   "NULL", "DATE", "TIMESTAMP"};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

bool IsDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

Status FilterLexer::Error(const std::string& what, size_t position) const {
  return Status::InvalidArgument("Invalid partition filter expression '" + std::string(text_) +
                                 "': " + what + " at position " + std::to_string(position));
}

Result<FilterToken> FilterLexer::Next() {
  while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  FilterToken token;
  token.position = pos_;
  if (pos_ >= text_.size()) return token;
  const char c = text_[pos_];
  auto next_is = [&](char n) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == n; };

  if (c == '(' || c == ')' || c == ',') {
    token.kind = c == '(' ? FilterToken::Kind::kLeftParen
                 : c == ')' ? FilterToken::Kind::kRightParen
                            : FilterToken::Kind::kComma;
    token.text = std::string(1, c);
    ++pos_;
    return token;
  }
  if (c == '=' || c == '<' || c == '>' || (c == '!' && next_is('='))) {
    token.kind = FilterToken::Kind::kOperator;
    size_t len = 1;
    if ((c == '<' && (next_is('>') || next_is('='))) || (c == '>' && next_is('=')) || c == '!') {
      len = 2;
    }
    token.text = std::string(text_.substr(pos_, len));
    pos_ += len;
    return token;
  }
  if (c == '\'' || c == '"') {
    token.kind = FilterToken::Kind::kString;
    size_t i = pos_ + 1;
    while (true) {
      if (i >= text_.size()) return Error("unterminated string literal", token.position);
      if (text_[i] == c) {
        if (i + 1 < text_.size() && text_[i + 1] == c) {  // doubled quote: one quote
          token.text.push_back(c);
          i += 2;
          continue;
        }
        break;
      }
      token.text.push_back(text_[i++]);
    }
    pos_ = i + 1;
    return token;
  }
  if (c == '`') {
    size_t close = text_.find('`', pos_ + 1);
    if (close == std::string_view::npos) return Error("unterminated `name`", token.position);
    token.kind = FilterToken::Kind::kIdentifier;
    token.text = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
    pos_ = close + 1;
    return token;
  }
  if (IsDigit(c) || ((c == '-' || c == '+' || c == '.') && pos_ + 1 < text_.size() &&
                     (IsDigit(text_[pos_ + 1]) || text_[pos_ + 1] == '.'))) {
    token.kind = FilterToken::Kind::kNumber;
    size_t i = pos_;
    if (text_[i] == '-' || text_[i] == '+') ++i;
    bool digits = false;
    while (i < text_.size() && IsDigit(text_[i])) ++i, digits = true;
    if (i < text_.size() && text_[i] == '.') {
      ++i;
      while (i < text_.size() && IsDigit(text_[i])) ++i, digits = true;
    }
    if (digits && i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      size_t j = i + 1;
      if (j < text_.size() && (text_[j] == '-' || text_[j] == '+')) ++j;
      if (j < text_.size() && IsDigit(text_[j])) {
        while (j < text_.size() && IsDigit(text_[j])) ++j;
        i = j;
      }
    }
    if (!digits || (i < text_.size() && IsWordChar(text_[i]))) {
      return Error("malformed number", token.position);
    }
    token.text = std::string(text_.substr(pos_, i - pos_));
    pos_ = i;
    return token;
  }
  if (IsWordChar(c)) {
    size_t i = pos_;
    while (i < text_.size() && (IsWordChar(text_[i]) || text_[i] == '.')) ++i;
    token.text = std::string(text_.substr(pos_, i - pos_));
    pos_ = i;
    std::string upper = token.text;
    for (char& u : upper) u = static_cast<char>(std::toupper(static_cast<unsigned char>(u)));
    token.kind = FilterToken::Kind::kIdentifier;
    for (std::string_view k : kKeywords) {
      if (k == upper) {
        token.kind = FilterToken::Kind::kKeyword;
        token.text = std::move(upper);
        break;
      }
    }
    return token;
  }
  return Error("unexpected character '" + std::string(1, c) + "'", token.position);
}

}  // namespace millrace::catalog
