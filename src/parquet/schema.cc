#include "parquet/schema.h"

#include <set>
#include <string_view>

#include <fmt/format.h>

namespace millrace::parquet {

// 10^precision <= 2^(8 * bytes - 1): the digits fit in a signed big-endian integer.
int32_t DecimalByteLength(int32_t precision) {
  long double limit = 1;
  for (int32_t i = 0; i < precision; ++i) limit *= 10;
  int32_t bytes = 1;
  long double range = 128;  // 2^7
  while (range < limit) {
    range *= 256;
    ++bytes;
  }
  return bytes;
}

namespace {

using Kind = LogicalTypeInfo::Kind;

std::optional<ConvertedType> DeriveConvertedType(const LogicalTypeInfo& lt) {
  switch (lt.kind) {
    case Kind::kString:
      return ConvertedType::kUtf8;
    case Kind::kMap:
      return ConvertedType::kMap;
    case Kind::kList:
      return ConvertedType::kList;
    case Kind::kEnum:
      return ConvertedType::kEnum;
    case Kind::kDecimal:
      return ConvertedType::kDecimal;
    case Kind::kDate:
      return ConvertedType::kDate;
    case Kind::kJson:
      return ConvertedType::kJson;
    case Kind::kBson:
      return ConvertedType::kBson;
    case Kind::kTime:
      if (lt.unit == TimeUnit::kMillis) return ConvertedType::kTimeMillis;
      if (lt.unit == TimeUnit::kMicros) return ConvertedType::kTimeMicros;
      return std::nullopt;
    case Kind::kTimestamp:
      if (lt.unit == TimeUnit::kMillis) return ConvertedType::kTimestampMillis;
      if (lt.unit == TimeUnit::kMicros) return ConvertedType::kTimestampMicros;
      return std::nullopt;
    case Kind::kInteger: {
      static constexpr ConvertedType kSigned[] = {ConvertedType::kInt8, ConvertedType::kInt16,
                                                  ConvertedType::kInt32, ConvertedType::kInt64};
      static constexpr ConvertedType kUnsigned[] = {ConvertedType::kUint8, ConvertedType::kUint16,
                                                    ConvertedType::kUint32, ConvertedType::kUint64};
      int index = lt.bit_width == 8 ? 0 : lt.bit_width == 16 ? 1 : lt.bit_width == 32 ? 2 : 3;
      return lt.is_signed ? kSigned[index] : kUnsigned[index];
    }
    default:
      return std::nullopt;
  }
}

// Fills the logical type from a legacy converted type when a file has only the latter.
LogicalTypeInfo LogicalFromConverted(ConvertedType ct, const SchemaElement& e) {
  LogicalTypeInfo lt;
  switch (ct) {
    case ConvertedType::kUtf8:
      lt.kind = Kind::kString;
      break;
    case ConvertedType::kMap:
    case ConvertedType::kMapKeyValue:
      lt.kind = Kind::kMap;
      break;
    case ConvertedType::kList:
      lt.kind = Kind::kList;
      break;
    case ConvertedType::kEnum:
      lt.kind = Kind::kEnum;
      break;
    case ConvertedType::kDecimal:
      lt.kind = Kind::kDecimal;
      lt.scale = e.scale.value_or(0);
      lt.precision = e.precision.value_or(0);
      break;
    case ConvertedType::kDate:
      lt.kind = Kind::kDate;
      break;
    case ConvertedType::kTimeMillis:
    case ConvertedType::kTimeMicros:
      lt.kind = Kind::kTime;
      lt.is_adjusted_to_utc = true;
      lt.unit = ct == ConvertedType::kTimeMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
      break;
    case ConvertedType::kTimestampMillis:
    case ConvertedType::kTimestampMicros:
      lt.kind = Kind::kTimestamp;
      lt.is_adjusted_to_utc = true;
      lt.unit = ct == ConvertedType::kTimestampMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
      break;
    case ConvertedType::kUint8:
    case ConvertedType::kUint16:
    case ConvertedType::kUint32:
    case ConvertedType::kUint64:
    case ConvertedType::kInt8:
    case ConvertedType::kInt16:
    case ConvertedType::kInt32:
    case ConvertedType::kInt64: {
      int v = static_cast<int>(ct);
      bool is_unsigned = v <= static_cast<int>(ConvertedType::kUint64);
      int index = is_unsigned ? v - static_cast<int>(ConvertedType::kUint8)
                              : v - static_cast<int>(ConvertedType::kInt8);
      lt.kind = Kind::kInteger;
      lt.is_signed = !is_unsigned;
      lt.bit_width = static_cast<int8_t>(8 << index);
      break;
    }
    case ConvertedType::kJson:
      lt.kind = Kind::kJson;
      break;
    case ConvertedType::kBson:
      lt.kind = Kind::kBson;
      break;
    case ConvertedType::kInterval:
      break;
  }
  return lt;
}

Status ValidateLeaf(const SchemaNode& n) {
  if (n.physical_type < PhysicalType::kBoolean ||
      n.physical_type > PhysicalType::kFixedLenByteArray) {
    return Status::InvalidArgument(fmt::format("column '{}': unknown physical type", n.name));
  }
  if (n.physical_type == PhysicalType::kFixedLenByteArray && n.type_length <= 0) {
    return Status::InvalidArgument(
        fmt::format("column '{}': FIXED_LEN_BYTE_ARRAY needs a positive length", n.name));
  }
  const LogicalTypeInfo& lt = n.logical_type;
  if (lt.kind == Kind::kDecimal) {
    if (lt.precision < 1 || lt.precision > 38 || lt.scale < 0 || lt.scale > lt.precision) {
      return Status::InvalidArgument(fmt::format(
          "column '{}': decimal({}, {}) needs 1 <= precision <= 38 and 0 <= scale <= precision",
          n.name, lt.precision, lt.scale));
    }
    bool fits = (n.physical_type == PhysicalType::kInt32 && lt.precision <= 9) ||
                (n.physical_type == PhysicalType::kInt64 && lt.precision <= 18) ||
                (n.physical_type == PhysicalType::kFixedLenByteArray &&
                 n.type_length >= DecimalByteLength(lt.precision)) ||
                n.physical_type == PhysicalType::kByteArray;
    if (!fits) {
      return Status::InvalidArgument(
          fmt::format("column '{}': decimal precision {} does not fit its physical type", n.name,
                      lt.precision));
    }
  }
  return Status::Ok();
}

Status ValidateUniqueNames(const SchemaNode& group) {
  std::set<std::string_view> names;
  for (const SchemaNode& c : group.children) {
    if (!names.insert(c.name).second) {
      return Status::InvalidArgument(
          fmt::format("group '{}' has two fields named '{}'", group.name, c.name));
    }
  }
  return Status::Ok();
}

Status ValidateWriterNode(const SchemaNode& n, int depth) {
  if (depth > 64) return Status::InvalidArgument("schema nested more than 64 levels");
  if (n.name.empty()) return Status::InvalidArgument("schema field with an empty name");
  if (n.is_leaf()) return ValidateLeaf(n);
  if (n.children.empty()) {
    return Status::InvalidArgument(fmt::format("group '{}' has no fields", n.name));
  }
  if (n.shape == SchemaNode::Shape::kList) {
    const SchemaNode& r = n.children[0];
    if (n.children.size() != 1 || r.repetition != Repetition::kRepeated ||
        r.shape != SchemaNode::Shape::kStruct || r.children.size() != 1) {
      return Status::InvalidArgument(fmt::format("list '{}' is not a 3-level LIST", n.name));
    }
  }
  if (n.shape == SchemaNode::Shape::kMap) {
    const SchemaNode& r = n.children[0];
    if (n.children.size() != 1 || r.repetition != Repetition::kRepeated || r.children.size() != 2 ||
        r.children[0].repetition != Repetition::kRequired) {
      return Status::InvalidArgument(
          fmt::format("map '{}' needs a repeated key_value group with a required key", n.name));
    }
  }
  MR_RETURN_IF_ERROR(ValidateUniqueNames(n));
  for (const SchemaNode& c : n.children) MR_RETURN_IF_ERROR(ValidateWriterNode(c, depth + 1));
  return Status::Ok();
}

void AnnotateNode(SchemaNode& n, int16_t parent_def, int16_t parent_rep,
                  std::vector<std::string>& path, std::vector<ColumnDescriptor>& leaves,
                  bool is_root) {
  n.def_level = static_cast<int16_t>(parent_def +
                                     (!is_root && n.repetition != Repetition::kRequired ? 1 : 0));
  n.rep_level = static_cast<int16_t>(parent_rep +
                                     (!is_root && n.repetition == Repetition::kRepeated ? 1 : 0));
  n.first_leaf = static_cast<int32_t>(leaves.size());
  if (!is_root) path.push_back(n.name);
  if (n.is_leaf()) {
    leaves.push_back(ColumnDescriptor{&n, path, n.def_level, n.rep_level});
  } else {
    for (SchemaNode& c : n.children) AnnotateNode(c, n.def_level, n.rep_level, path, leaves, false);
  }
  if (!is_root) path.pop_back();
  n.leaf_count = static_cast<int32_t>(leaves.size()) - n.first_leaf;
  if (n.shape == SchemaNode::Shape::kList) {
    const SchemaNode& r = n.children[0];
    n.list_element_is_child =
        !r.is_leaf() && r.children.size() == 1 && r.name != "array" && r.name != n.name + "_tuple";
  }
}

void ToElementsNode(const SchemaNode& n, bool is_root, std::vector<SchemaElement>& out) {
  SchemaElement e;
  e.name = is_root ? "schema" : n.name;
  if (!is_root) e.repetition_type = n.repetition;
  if (n.is_leaf()) {
    e.type = n.physical_type;
    if (n.physical_type == PhysicalType::kFixedLenByteArray) e.type_length = n.type_length;
  } else {
    e.num_children = static_cast<int32_t>(n.children.size());
  }
  if (!is_root) {
    e.converted_type = n.converted_type ? n.converted_type : DeriveConvertedType(n.logical_type);
    if (n.logical_type.kind != Kind::kNone && n.logical_type.kind != Kind::kUnknownKind) {
      e.logical_type = n.logical_type;
    }
    if (n.logical_type.kind == Kind::kDecimal) {
      e.scale = n.logical_type.scale;
      e.precision = n.logical_type.precision;
    }
  }
  out.push_back(std::move(e));
  for (const SchemaNode& c : n.children) ToElementsNode(c, false, out);
}

// Parses elements[*pos] and its subtree.
Status FromElementsNode(const std::vector<SchemaElement>& elements, size_t* pos, int depth,
                        SchemaNode* n) {
  if (depth > 64) return Status::Corruption("parquet schema nested more than 64 levels");
  if (*pos >= elements.size()) return Status::Corruption("parquet schema: too few elements");
  const SchemaElement& e = elements[(*pos)++];
  n->name = e.name;
  n->repetition = e.repetition_type.value_or(Repetition::kRequired);
  if (n->repetition < Repetition::kRequired || n->repetition > Repetition::kRepeated) {
    return Status::Corruption(fmt::format("parquet schema: '{}' has a bad repetition", e.name));
  }
  n->converted_type = e.converted_type;
  if (e.logical_type) {
    n->logical_type = *e.logical_type;
  } else if (e.converted_type) {
    n->logical_type = LogicalFromConverted(*e.converted_type, e);
  }
  int32_t num_children = e.num_children.value_or(0);
  if (depth > 0 && (!e.num_children || num_children == 0) && e.type) {
    n->shape = SchemaNode::Shape::kPrimitive;
    n->physical_type = *e.type;
    n->type_length = e.type_length.value_or(0);
    Status s = ValidateLeaf(*n);
    if (!s.ok()) return Status::Corruption("parquet schema: " + s.message());
    return Status::Ok();
  }
  if (num_children <= 0 || static_cast<size_t>(num_children) > elements.size() - *pos) {
    return Status::Corruption(
        fmt::format("parquet schema: group '{}' has a bad child count", e.name));
  }
  n->children.resize(num_children);
  for (SchemaNode& c : n->children) {
    MR_RETURN_IF_ERROR(FromElementsNode(elements, pos, depth + 1, &c));
  }
  n->shape = SchemaNode::Shape::kStruct;
  const bool one_repeated_child =
      n->children.size() == 1 && n->children[0].repetition == Repetition::kRepeated;
  if (n->logical_type.kind == Kind::kList && one_repeated_child) {
    n->shape = SchemaNode::Shape::kList;
  } else if (n->logical_type.kind == Kind::kMap && one_repeated_child &&
             !n->children[0].is_leaf() && n->children[0].children.size() <= 2) {
    n->shape = SchemaNode::Shape::kMap;
  }
  return Status::Ok();
}

std::string NodeToString(const SchemaNode& n) {
  std::string type;
  switch (n.shape) {
    case SchemaNode::Shape::kPrimitive:
      type = std::string(PhysicalTypeName(n.physical_type));
      break;
    case SchemaNode::Shape::kStruct: {
      type = "STRUCT<";
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) type += ", ";
        type += NodeToString(n.children[i]);
      }
      type += ">";
      break;
    }
    case SchemaNode::Shape::kList:
      type = "LIST<" + NodeToString(n.children[0]) + ">";
      break;
    case SchemaNode::Shape::kMap:
      type = "MAP<" + NodeToString(n.children[0]) + ">";
      break;
  }
  const char* rep = n.repetition == Repetition::kRequired   ? " required"
                    : n.repetition == Repetition::kRepeated ? " repeated"
                                                            : "";
  return n.name + ": " + type + rep;
}

}  // namespace

Result<Schema> Schema::Make(std::vector<SchemaNode> columns) {
  if (columns.empty()) return Status::InvalidArgument("a schema needs at least one column");
  auto root = std::make_unique<SchemaNode>();
  root->name = "schema";
  root->repetition = Repetition::kRequired;
  root->shape = SchemaNode::Shape::kStruct;
  root->children = std::move(columns);
  MR_RETURN_IF_ERROR(ValidateUniqueNames(*root));
  for (const SchemaNode& c : root->children) MR_RETURN_IF_ERROR(ValidateWriterNode(c, 1));
  Schema s(std::move(root));
  s.Annotate();
  return s;
}

Result<Schema> Schema::FromElements(const std::vector<SchemaElement>& elements) {
  if (elements.empty()) return Status::Corruption("parquet schema is empty");
  auto root = std::make_unique<SchemaNode>();
  size_t pos = 0;
  MR_RETURN_IF_ERROR(FromElementsNode(elements, &pos, 0, root.get()));
  if (pos != elements.size()) {
    return Status::Corruption("parquet schema: elements left over after the root's subtree");
  }
  root->repetition = Repetition::kRequired;
  root->shape = SchemaNode::Shape::kStruct;
  Schema s(std::move(root));
  s.Annotate();
  return s;
}

Schema::Schema(const Schema& other) : root_(std::make_unique<SchemaNode>(*other.root_)) {
  Annotate();
}

Schema& Schema::operator=(const Schema& other) {
  if (this != &other) {
    root_ = std::make_unique<SchemaNode>(*other.root_);
    Annotate();
  }
  return *this;
}

void Schema::Annotate() {
  leaves_.clear();
  std::vector<std::string> path;
  AnnotateNode(*root_, 0, 0, path, leaves_, true);
}

std::vector<SchemaElement> Schema::ToElements() const {
  std::vector<SchemaElement> out;
  ToElementsNode(*root_, true, out);
  return out;
}

std::string Schema::ToString() const {
  std::string out;
  for (size_t i = 0; i < root_->children.size(); ++i) {
    if (i) out += ", ";
    out += NodeToString(root_->children[i]);
  }
  return out;
}

}  // namespace millrace::parquet
