#include "catalog/registry/schema_format.h"

#include <cctype>

#include "catalog/registry/avro_resolution.h"
#include "catalog/registry/avro_schema.h"
#include "catalog/registry/json_schema.h"
#include "catalog/registry/json_schema_compatibility.h"

namespace millrace::catalog {

namespace {

constexpr std::string_view kFormatNames[] = {"AVRO", "JSON", "PROTOBUF"};
constexpr std::string_view kCompatibilityNames[] = {
    "NONE", "DISABLED", "BACKWARD", "BACKWARD_ALL", "FORWARD", "FORWARD_ALL", "FULL", "FULL_ALL"};

// Protobuf text is not parsed: whitespace runs collapse to one space, and the braces must
// balance around at least one message or enum.
Result<std::string> NormalizeProtobuf(std::string_view text) {
  std::string out;
  int depth = 0;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) return Status::InvalidArgument("unbalanced '}' in the definition");
  }
  if (depth != 0) return Status::InvalidArgument("unbalanced '{' in the definition");
  if (out.find("message ") == std::string::npos && out.find("enum ") == std::string::npos) {
    return Status::InvalidArgument("a Protobuf definition needs at least one message or enum");
  }
  return out;
}

Status CheckOneWay(DataFormat format, std::string_view reader, std::string_view writer,
                   std::string_view direction) {
  Status s;
  if (format == DataFormat::kAvro) {
    Result<AvroSchema> r = AvroSchema::Parse(reader);
    Result<AvroSchema> w = AvroSchema::Parse(writer);
    if (!r.ok()) return r.status();
    if (!w.ok()) return w.status();
    s = AvroCanRead(*r, *w);
  } else {
    Result<Value> r = ParseJsonSchema(reader);
    Result<Value> w = ParseJsonSchema(writer);
    if (!r.ok()) return r.status();
    if (!w.ok()) return w.status();
    s = JsonSchemaCanRead(*r, *w);
  }
  if (s.ok()) return s;
  return Status::InvalidArgument(std::string(direction) + ": " + s.message());
}

}  // namespace

std::string_view DataFormatName(DataFormat format) {
  return kFormatNames[static_cast<size_t>(format)];
}

std::optional<DataFormat> ParseDataFormat(std::string_view name) {
  for (size_t i = 0; i < std::size(kFormatNames); ++i) {
    if (kFormatNames[i] == name) return static_cast<DataFormat>(i);
  }
  return std::nullopt;
}

std::string_view CompatibilityName(Compatibility mode) {
  return kCompatibilityNames[static_cast<size_t>(mode)];
}

std::optional<Compatibility> ParseCompatibility(std::string_view name) {
  for (size_t i = 0; i < std::size(kCompatibilityNames); ++i) {
    if (kCompatibilityNames[i] == name) return static_cast<Compatibility>(i);
  }
  return std::nullopt;
}

bool IsTransitive(Compatibility mode) {
  return mode == Compatibility::kBackwardAll || mode == Compatibility::kForwardAll ||
         mode == Compatibility::kFullAll;
}

bool SupportsCompatibility(DataFormat format, Compatibility mode) {
  return format != DataFormat::kProtobuf || mode == Compatibility::kNone ||
         mode == Compatibility::kDisabled;
}

Result<std::string> NormalizeDefinition(DataFormat format, std::string_view definition) {
  switch (format) {
    case DataFormat::kAvro: {
      MR_ASSIGN_OR_RETURN(AvroSchema schema, AvroSchema::Parse(definition));
      return schema.Normalized();
    }
    case DataFormat::kJson: {
      MR_ASSIGN_OR_RETURN(Value schema, ParseJsonSchema(definition));
      return NormalizedJsonSchema(schema);
    }
    case DataFormat::kProtobuf:
      return NormalizeProtobuf(definition);
  }
  return Status::Internal("unknown data format");
}

Status CheckCompatible(DataFormat format, Compatibility mode, std::string_view candidate,
                       std::string_view previous) {
  switch (mode) {
    case Compatibility::kNone:
      return Status::Ok();
    case Compatibility::kDisabled:
      return Status::InvalidArgument("compatibility DISABLED allows no new versions");
    default:
      break;
  }
  if (!SupportsCompatibility(format, mode)) {
    return Status::InvalidArgument("compatibility " + std::string(CompatibilityName(mode)) +
                                   " is not supported for " + std::string(DataFormatName(format)));
  }
  if (candidate == previous) return Status::Ok();  // the same normalized schema
  bool backward = mode != Compatibility::kForward && mode != Compatibility::kForwardAll;
  bool forward = mode != Compatibility::kBackward && mode != Compatibility::kBackwardAll;
  if (backward) {
    MR_RETURN_IF_ERROR(CheckOneWay(format, candidate, previous,
                                   "the new version cannot read data of the previous one"));
  }
  if (forward) {
    MR_RETURN_IF_ERROR(CheckOneWay(format, previous, candidate,
                                   "the previous version cannot read data of the new one"));
  }
  return Status::Ok();
}

}  // namespace millrace::catalog
