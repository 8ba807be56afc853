#include "catalog/registry/avro_resolution.h"

#include <set>
#include <string>
#include <utility>

namespace millrace::catalog {

namespace {

bool IsNamed(AvroType t) {
  return t == AvroType::kRecord || t == AvroType::kEnum || t == AvroType::kFixed;
}

// Whether a writer primitive may be read as the reader primitive (identity or promotion).
bool Promotes(AvroType writer, AvroType reader) {
  if (writer == reader) return true;
  switch (writer) {
    case AvroType::kInt:
      return reader == AvroType::kLong || reader == AvroType::kFloat ||
             reader == AvroType::kDouble;
    case AvroType::kLong: return reader == AvroType::kFloat || reader == AvroType::kDouble;
    case AvroType::kFloat: return reader == AvroType::kDouble;
    case AvroType::kString: return reader == AvroType::kBytes;
    case AvroType::kBytes: return reader == AvroType::kString;
    default: return false;
  }
}

// One resolution; remembers the named pairs under check so recursive records terminate (a pair
// met again is assumed to resolve: any mismatch is found along another path).
class Resolver {
 public:
  Resolver(const AvroSchema& reader, const AvroSchema& writer) : r_(reader), w_(writer) {}

  Status Check(int32_t ri, int32_t wi, const std::string& path) {
    const AvroNode& r = r_.node(ri);
    const AvroNode& w = w_.node(wi);
    if (w.type == AvroType::kUnion) {
      for (int32_t b : w.branches) {
        MR_RETURN_IF_ERROR(Check(ri, b, path));
      }
      return Status::Ok();
    }
    if (r.type == AvroType::kUnion) {
      for (int32_t b : r.branches) {
        if (Check(b, wi, path).ok()) return Status::Ok();
      }
      return Mismatch(path, "no branch of the reader's union can read the writer's " +
                                Describe(w));
    }
    if (!IsNamed(w.type) && !IsNamed(r.type) && w.type != AvroType::kArray &&
        w.type != AvroType::kMap) {
      if (Promotes(w.type, r.type)) return Status::Ok();
      return Mismatch(path, "the writer's " + Describe(w) + " cannot be read as " + Describe(r));
    }
    if (w.type != r.type) {
      return Mismatch(path, "the writer's " + Describe(w) + " cannot be read as " + Describe(r));
    }
    switch (w.type) {
      case AvroType::kArray: return Check(r.items, w.items, path + "[]");
      case AvroType::kMap: return Check(r.items, w.items, path + "{}");
      default: break;
    }
    if (!NamesMatch(r, w)) {
      return Mismatch(path, "the writer's " + Describe(w) + " does not match the reader's " +
                                Describe(r) + " (names differ)");
    }
    if (!in_progress_.insert({ri, wi}).second) return Status::Ok();
    switch (w.type) {
      case AvroType::kFixed:
        if (w.size != r.size) {
          return Mismatch(path, "fixed " + w.full_name + " has size " + std::to_string(w.size) +
                                    " for the writer but " + std::to_string(r.size) +
                                    " for the reader");
        }
        return Status::Ok();
      case AvroType::kEnum: return CheckEnum(r, w, path);
      default: return CheckRecord(r, w, path);
    }
  }

 private:
  static std::string Describe(const AvroNode& n) {
    if (IsNamed(n.type)) return std::string(AvroTypeName(n.type)) + " " + n.full_name;
    return std::string(AvroTypeName(n.type));
  }

  static Status Mismatch(const std::string& path, const std::string& what) {
    return Status::InvalidArgument((path.empty() ? std::string("at the top level") : "at " + path) +
                                   ": " + what);
  }

  static bool NamesMatch(const AvroNode& r, const AvroNode& w) {
    std::string_view wn = AvroShortName(w.full_name);
    if (AvroShortName(r.full_name) == wn) return true;
    for (const std::string& alias : r.aliases) {
      if (alias == w.full_name || AvroShortName(alias) == wn) return true;
    }
    return false;
  }

  Status CheckEnum(const AvroNode& r, const AvroNode& w, const std::string& path) {
    if (r.enum_default) return Status::Ok();
    std::set<std::string> reader_symbols(r.symbols.begin(), r.symbols.end());
    for (const std::string& s : w.symbols) {
      if (reader_symbols.count(s) == 0) {
        return Mismatch(path, "enum " + w.full_name + ": the writer's symbol " + s +
                                  " is unknown to the reader, which has no default");
      }
    }
    return Status::Ok();
  }

  Status CheckRecord(const AvroNode& r, const AvroNode& w, const std::string& path) {
    std::string prefix = path.empty() ? std::string(AvroShortName(r.full_name)) : path;
    for (const AvroField& rf : r.fields) {
      const AvroField* match = nullptr;
      for (const AvroField& wf : w.fields) {
        if (wf.name == rf.name) match = &wf;
      }
      for (size_t i = 0; match == nullptr && i < rf.aliases.size(); ++i) {
        for (const AvroField& wf : w.fields) {
          if (wf.name == rf.aliases[i]) match = &wf;
        }
      }
      std::string field_path = prefix + "." + rf.name;
      if (match == nullptr) {
        if (!rf.default_value) {
          return Mismatch(field_path,
                          "the reader's field has no default and the writer has no such field");
        }
        continue;
      }
      MR_RETURN_IF_ERROR(Check(rf.type, match->type, field_path));
    }
    return Status::Ok();
  }

  const AvroSchema& r_;
  const AvroSchema& w_;
  std::set<std::pair<int32_t, int32_t>> in_progress_;
};

}  // namespace

Status AvroCanRead(const AvroSchema& reader, const AvroSchema& writer) {
  Resolver resolver(reader, writer);
  return resolver.Check(reader.root(), writer.root(), "");
}

}  // namespace millrace::catalog
