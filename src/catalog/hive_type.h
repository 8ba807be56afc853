// HiveType: a column type of the Glue Data Catalog, parsed from its Hive type string
// ("bigint", "decimal(10,2)", "array<struct<id:int,tags:map<string,string>>>"). The catalog
// validates column types with it, and Firehose maps catalog columns onto Parquet types with it.
// Plain value type, thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::catalog {

struct HiveType {
  enum class Kind : uint8_t {
    kBoolean,
    kTinyInt,
    kSmallInt,
    kInt,
    kBigInt,
    kFloat,
    kDouble,
    kDecimal,  // precision, scale
    kString,
    kChar,     // length
    kVarchar,  // length
    kBinary,
    kDate,
    kTimestamp,
    kArray,   // children[0] is the element type
    kMap,     // children[0] key, children[1] value
    kStruct,  // children[i] is the type of field_names[i]
  };

  Kind kind = Kind::kString;
  int32_t precision = 0;  // kDecimal: 1..38
  int32_t scale = 0;      // kDecimal: 0..precision
  int32_t length = 0;     // kChar: 1..255, kVarchar: 1..65535
  std::vector<HiveType> children;
  std::vector<std::string> field_names;  // kStruct, as written

  // tinyint, smallint, int, bigint.
  bool is_integer() const;
  // The integers, float, double and decimal.
  bool is_numeric() const;
  bool is_primitive() const { return kind < Kind::kArray; }

  // The canonical lower-case spelling: "decimal(10,2)", "map<string,array<int>>".
  std::string ToString() const;

  bool operator==(const HiveType&) const = default;
};

// Parses a Hive type string, case-insensitively, allowing spaces between tokens. Accepts
// "integer" for int and "decimal" / "decimal(p)" (precision 10 / scale 0 by default, as Hive).
// InvalidArgument naming the offending position for anything else.
Result<HiveType> ParseHiveType(std::string_view text);

}  // namespace millrace::catalog
