#include "firehose/hive_schema.h"

#include <cctype>
#include <charconv>
#include <string>

namespace millrace::firehose {

namespace {

using parquet::SchemaNode;
namespace ps = parquet::schema;

// A recursive-descent reader over a type string with spaces removed and lower-cased.
class TypeReader {
 public:
  explicit TypeReader(std::string text) : text_(std::move(text)) {}

  Result<SchemaNode> ReadType(std::string name) {
    std::string word = ReadWord();
    if (word == "string" || word == "char" || word == "varchar") {
      if (Peek('(')) MR_RETURN_IF_ERROR(SkipParenthesized());
      return ps::String(std::move(name));
    }
    if (word == "tinyint" || word == "smallint" || word == "int" || word == "integer") {
      return ps::Int32(std::move(name));
    }
    if (word == "bigint") return ps::Int64(std::move(name));
    if (word == "float") return ps::Float(std::move(name));
    if (word == "double") return ps::Double(std::move(name));
    if (word == "boolean") return ps::Boolean(std::move(name));
    if (word == "binary") return ps::Binary(std::move(name));
    if (word == "date") return ps::Date(std::move(name));
    if (word == "timestamp") return ps::TimestampMillis(std::move(name));
    if (word == "decimal") {
      int32_t precision = 10, scale = 0;
      if (Eat('(')) {
        MR_ASSIGN_OR_RETURN(precision, ReadNumber());
        if (Eat(',')) {
          MR_ASSIGN_OR_RETURN(scale, ReadNumber());
        }
        if (!Eat(')')) return Bad();
      }
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) return Bad();
      return ps::Decimal(std::move(name), precision, scale);
    }
    if (word == "array") {
      if (!Eat('<')) return Bad();
      MR_ASSIGN_OR_RETURN(SchemaNode element, ReadType("element"));
      if (!Eat('>')) return Bad();
      return ps::List(std::move(name), std::move(element));
    }
    if (word == "map") {
      if (!Eat('<')) return Bad();
      MR_ASSIGN_OR_RETURN(SchemaNode key, ReadType("key"));
      if (!Eat(',')) return Bad();
      MR_ASSIGN_OR_RETURN(SchemaNode value, ReadType("value"));
      if (!Eat('>')) return Bad();
      key.repetition = parquet::Repetition::kRequired;
      return ps::Map(std::move(name), std::move(key), std::move(value));
    }
    if (word == "struct") {
      if (!Eat('<')) return Bad();
      std::vector<SchemaNode> fields;
      do {
        std::string field = ReadFieldName();
        if (field.empty() || !Eat(':')) return Bad();
        MR_ASSIGN_OR_RETURN(SchemaNode node, ReadType(field));
        fields.push_back(std::move(node));
      } while (Eat(','));
      if (!Eat('>')) return Bad();
      return ps::Struct(std::move(name), std::move(fields));
    }
    return Bad();
  }

  bool AtEnd() const { return pos_ == text_.size(); }
  Status Bad() const {
    return Status::InvalidArgument("unsupported or malformed column type '" + text_ + "'");
  }

 private:
  std::string ReadWord() {
    size_t start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  std::string ReadFieldName() {
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ':' && text_[pos_] != ',' && text_[pos_] != '<' &&
           text_[pos_] != '>') {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }
  Result<int32_t> ReadNumber() {
    size_t start = pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    int32_t n = 0;
    auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, n);
    if (ec != std::errc() || start == pos_) return Bad();
    (void)ptr;
    return n;
  }
  Status SkipParenthesized() {
    size_t close = text_.find(')', pos_);
    if (close == std::string::npos) return Bad();
    pos_ = close + 1;
    return Status::Ok();
  }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool Eat(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }

  std::string text_;
  size_t pos_ = 0;
};

}  // namespace

Result<parquet::SchemaNode> HiveColumn(std::string_view name, std::string_view hive_type) {
  std::string text;
  for (char c : hive_type) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  TypeReader reader(text);
  MR_ASSIGN_OR_RETURN(parquet::SchemaNode node, reader.ReadType(std::string(name)));
  if (!reader.AtEnd()) return reader.Bad();
  return node;
}

Result<parquet::Schema> HiveSchema(const std::vector<CatalogColumn>& columns) {
  std::vector<parquet::SchemaNode> nodes;
  for (const CatalogColumn& c : columns) {
    Result<parquet::SchemaNode> node = HiveColumn(c.name, c.type);
    if (!node.ok()) {
      return Status::InvalidArgument("column " + c.name + ": " + node.status().message());
    }
    nodes.push_back(std::move(node).value());
  }
  return parquet::Schema::Make(std::move(nodes));
}

}  // namespace millrace::firehose
