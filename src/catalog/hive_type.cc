#include "catalog/hive_type.h"

#include <cctype>
#include <charconv>

namespace millrace::catalog {

namespace {

constexpr int kMaxNesting = 64;

struct NamedKind {
  std::string_view name;
  HiveType::Kind kind;
};

constexpr NamedKind kPrimitiveNames[] = {
    {"boolean", HiveType::Kind::kBoolean},   {"tinyint", HiveType::Kind::kTinyInt},
    {"smallint", HiveType::Kind::kSmallInt}, {"int", HiveType::Kind::kInt},
    {"integer", HiveType::Kind::kInt},       {"bigint", HiveType::Kind::kBigInt},
    {"float", HiveType::Kind::kFloat},       {"double", HiveType::Kind::kDouble},
    {"string", HiveType::Kind::kString},     {"binary", HiveType::Kind::kBinary},
    {"date", HiveType::Kind::kDate},         {"timestamp", HiveType::Kind::kTimestamp},
};

// Recursive-descent parser over one type string; every method leaves pos_ after what it read.
class HiveTypeParser {
 public:
  explicit HiveTypeParser(std::string_view text) : text_(text) {}

  Result<HiveType> ParseAll() {
    MR_ASSIGN_OR_RETURN(HiveType type, ParseType(0));
    SkipSpaces();
    if (pos_ != text_.size()) return Error("unexpected '" + std::string(1, text_[pos_]) + "'");
    return type;
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("Invalid Hive type '" + std::string(text_) + "': " + what +
                                   " at position " + std::to_string(pos_));
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool Consume(char c) {
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Status Expect(char c) {
    if (Consume(c)) return Status::Ok();
    return Error(std::string("expected '") + c + "'");
  }

  // A lower-cased word of letters, digits and underscores (may be empty).
  std::string Word() {
    SkipSpaces();
    std::string word;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_]))));
      ++pos_;
    }
    return word;
  }

  Result<int32_t> Number() {
    SkipSpaces();
    size_t start = pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    int32_t n = 0;
    auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, n);
    if (start == pos_ || ec != std::errc() || end != text_.data() + pos_) {
      pos_ = start;
      return Error("expected a number");
    }
    return n;
  }

  // A struct field name: a word as written (case kept), or `back-quoted`.
  Result<std::string> FieldName() {
    SkipSpaces();
    std::string name;
    if (pos_ < text_.size() && text_[pos_] == '`') {
      size_t close = text_.find('`', pos_ + 1);
      if (close == std::string_view::npos) return Error("unterminated `name`");
      name = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
    } else {
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        name.push_back(text_[pos_++]);
      }
    }
    if (name.empty()) return Error("expected a field name");
    return name;
  }

  Result<HiveType> ParseType(int depth) {
    if (depth > kMaxNesting) return Error("nested too deeply");
    size_t start = pos_;
    std::string word = Word();
    if (word.empty()) return Error("expected a type name");
    HiveType type;
    for (const NamedKind& p : kPrimitiveNames) {
      if (p.name == word) {
        type.kind = p.kind;
        return type;
      }
    }
    if (word == "decimal") return ParseDecimal();
    if (word == "char" || word == "varchar") {
      type.kind = word == "char" ? HiveType::Kind::kChar : HiveType::Kind::kVarchar;
      MR_RETURN_IF_ERROR(Expect('('));
      MR_ASSIGN_OR_RETURN(type.length, Number());
      const int32_t max = word == "char" ? 255 : 65535;
      if (type.length < 1 || type.length > max) {
        return Error(word + " length must be between 1 and " + std::to_string(max));
      }
      MR_RETURN_IF_ERROR(Expect(')'));
      return type;
    }
    if (word == "array") {
      type.kind = HiveType::Kind::kArray;
      MR_RETURN_IF_ERROR(Expect('<'));
      MR_ASSIGN_OR_RETURN(HiveType element, ParseType(depth + 1));
      type.children.push_back(std::move(element));
      MR_RETURN_IF_ERROR(Expect('>'));
      return type;
    }
    if (word == "map") {
      type.kind = HiveType::Kind::kMap;
      MR_RETURN_IF_ERROR(Expect('<'));
      MR_ASSIGN_OR_RETURN(HiveType key, ParseType(depth + 1));
      if (!key.is_primitive()) return Error("map keys must be a primitive type");
      MR_RETURN_IF_ERROR(Expect(','));
      MR_ASSIGN_OR_RETURN(HiveType value, ParseType(depth + 1));
      MR_RETURN_IF_ERROR(Expect('>'));
      type.children.push_back(std::move(key));
      type.children.push_back(std::move(value));
      return type;
    }
    if (word == "struct") {
      type.kind = HiveType::Kind::kStruct;
      MR_RETURN_IF_ERROR(Expect('<'));
      do {
        MR_ASSIGN_OR_RETURN(std::string name, FieldName());
        MR_RETURN_IF_ERROR(Expect(':'));
        MR_ASSIGN_OR_RETURN(HiveType field, ParseType(depth + 1));
        type.field_names.push_back(std::move(name));
        type.children.push_back(std::move(field));
      } while (Consume(','));
      MR_RETURN_IF_ERROR(Expect('>'));
      return type;
    }
    pos_ = start;
    SkipSpaces();
    return Error("unknown type '" + word + "'");
  }

  Result<HiveType> ParseDecimal() {
    HiveType type;
    type.kind = HiveType::Kind::kDecimal;
    type.precision = 10;
    type.scale = 0;
    if (!Consume('(')) return type;
    MR_ASSIGN_OR_RETURN(type.precision, Number());
    if (Consume(',')) {
      MR_ASSIGN_OR_RETURN(type.scale, Number());
    }
    if (type.precision < 1 || type.precision > 38) {
      return Error("decimal precision must be between 1 and 38");
    }
    if (type.scale > type.precision) return Error("decimal scale must not exceed its precision");
    MR_RETURN_IF_ERROR(Expect(')'));
    return type;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

bool HiveType::is_integer() const {
  return kind == Kind::kTinyInt || kind == Kind::kSmallInt || kind == Kind::kInt ||
         kind == Kind::kBigInt;
}

bool HiveType::is_numeric() const {
  return is_integer() || kind == Kind::kFloat || kind == Kind::kDouble || kind == Kind::kDecimal;
}

std::string HiveType::ToString() const {
  switch (kind) {
    case Kind::kDecimal:
      return "decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case Kind::kChar:
      return "char(" + std::to_string(length) + ")";
    case Kind::kVarchar:
      return "varchar(" + std::to_string(length) + ")";
    case Kind::kArray:
      return "array<" + children[0].ToString() + ">";
    case Kind::kMap:
      return "map<" + children[0].ToString() + "," + children[1].ToString() + ">";
    case Kind::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += ",";
        out += field_names[i] + ":" + children[i].ToString();
      }
      return out + ">";
    }
    default:
      break;
  }
  for (const NamedKind& p : kPrimitiveNames) {
    if (p.kind == kind) return std::string(p.name);
  }
  return "string";
}

Result<HiveType> ParseHiveType(std::string_view text) {
  return HiveTypeParser(text).ParseAll();
}

}  // namespace millrace::catalog
