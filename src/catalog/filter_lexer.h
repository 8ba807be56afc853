// FilterLexer: splits a GetPartitions expression into tokens for PartitionFilter's parser.
// Not thread-safe; one lexer per parse.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::catalog {

struct FilterToken {
  enum class Kind : uint8_t {
    kEnd,
    kIdentifier,  // a bare word that is not a keyword, or a `back-quoted` name
    kKeyword,     // AND OR NOT BETWEEN IN LIKE IS NULL DATE TIMESTAMP (text upper-cased)
    kString,      // 'text' or "text" (quotes removed, '' and "" unescaped)
    kNumber,      // 12, -3, 4.5, 1e3 (text as written)
    kOperator,    // = <> != < > <= >=
    kLeftParen,
    kRightParen,
    kComma,
  };
  Kind kind = Kind::kEnd;
  std::string text;
  size_t position = 0;  // offset of the token in the expression
};

class FilterLexer {
 public:
  explicit FilterLexer(std::string_view text) : text_(text) {}

  // The next token; kEnd at the end. InvalidArgument for a character no token starts with or
  // an unterminated quote.
  Result<FilterToken> Next();

 private:
  Status Error(const std::string& what, size_t position) const;

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace millrace::catalog
