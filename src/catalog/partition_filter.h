// PartitionFilter: the Expression of GetPartitions, a WHERE-like predicate over a table's
// partition keys, parsed once and evaluated against each partition's values.
//
// Grammar (keywords case-insensitive; docs/catalog.md has the full version):
//   expr      := and_expr (OR and_expr)*
//   and_expr  := unary (AND unary)*
//   unary     := NOT unary | '(' expr ')' | predicate
//   predicate := operand cmp operand | key [NOT] BETWEEN lit AND lit | key [NOT] IN (lit, ...)
//              | key [NOT] LIKE 'pattern' | key IS [NOT] NULL
// A comparison is typed by its key's Hive type: integer, floating and decimal keys compare
// numerically, every other key compares as a string (ISO dates sort correctly that way).
// Immutable after Parse; thread-safe to share.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "catalog/hive_type.h"

namespace millrace::catalog {

struct PartitionKey {
  std::string name;
  HiveType type;
};

class PartitionFilter {
 public:
  struct Node;

  // Parses `expression` over `keys`. An empty (or all-blank) expression matches every partition.
  // InvalidArgument for a syntax error, an unknown key, or a literal that does not fit a numeric
  // key, with the position of the problem.
  static Result<PartitionFilter> Parse(std::string_view expression,
                                       const std::vector<PartitionKey>& keys);

  PartitionFilter(PartitionFilter&&) noexcept;
  PartitionFilter& operator=(PartitionFilter&&) noexcept;
  ~PartitionFilter();

  // True if a partition with these values (one per key, in key order) passes the filter.
  // REQUIRES: values.size() equals the number of keys given to Parse.
  bool Matches(const std::vector<std::string>& values) const;

 private:
  PartitionFilter(std::unique_ptr<Node> root, std::vector<PartitionKey> keys);

  std::unique_ptr<Node> root_;  // null: match everything
  std::vector<PartitionKey> keys_;
};

// SQL LIKE: '%' matches any run of characters, '_' exactly one; everything else itself.
bool LikeMatches(std::string_view text, std::string_view pattern);

}  // namespace millrace::catalog
