#include "catalog/registry/avro_resolution.h"

#include <algorithm>
#include <cstdint>
#include <map>
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
      return reader == AvroType::kLong || reader == AvroType::kFloat || reader == AvroType::kDouble;
    case AvroType::kLong:
      return reader == AvroType::kFloat || reader == AvroType::kDouble;
    case AvroType::kFloat:
      return reader == AvroType::kDouble;
    case AvroType::kString:
      return reader == AvroType::kBytes;
    case AvroType::kBytes:
      return reader == AvroType::kString;
    default:
      return false;
  }
}

// One resolution of a reader against a writer schema.
class Resolver {
 public:
  Resolver(const AvroSchema& reader, const AvroSchema& writer) : r_(reader), w_(writer) {}

  Status Check(int32_t ri, int32_t wi, const std::string& path) {
    // Shared named types can make the walk exponential; past the budget, answer conservatively.
    if (++steps_ > kMaxSteps) return Mismatch(path, "the schemas are too complex to compare");
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
      return Mismatch(path, "no branch of the reader's union can read the writer's " + Describe(w));
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
      case AvroType::kArray:
        return Check(r.items, w.items, path + "[]");
      case AvroType::kMap:
        return Check(r.items, w.items, path + "{}");
      default:
        break;
    }
    if (!NamesMatch(r, w)) {
      return Mismatch(path, "the writer's " + Describe(w) + " does not match the reader's " +
                                Describe(r) + " (names differ)");
    }
    return CheckNamed(ri, wi, r, w, path);
  }

 private:
  // Named pairs are memoized. A pair met again while it is under check is assumed to resolve
  // (coinduction: a mismatch shows on a finite path). A result is kept only if it is a failure or
  // rests on no such assumption about an enclosing pair, so memoized answers are exact.
  Status CheckNamed(int32_t ri, int32_t wi, const AvroNode& r, const AvroNode& w,
                    const std::string& path) {
    std::pair<int32_t, int32_t> key{ri, wi};
    if (auto done = done_.find(key); done != done_.end()) return done->second;
    if (auto open = in_progress_.find(key); open != in_progress_.end()) {
      lowest_assumption_ = std::min(lowest_assumption_, open->second);
      return Status::Ok();
    }
    const size_t depth = in_progress_.size();
    in_progress_[key] = depth;
    const size_t enclosing_lowest = lowest_assumption_;
    lowest_assumption_ = SIZE_MAX;
    Status s;
    switch (w.type) {
      case AvroType::kFixed:
        if (w.size != r.size) {
          s = Mismatch(path, "fixed " + w.full_name + " has size " + std::to_string(w.size) +
                                 " for the writer but " + std::to_string(r.size) +
                                 " for the reader");
        }
        break;
      case AvroType::kEnum:
        s = CheckEnum(r, w, path);
        break;
      default:
        s = CheckRecord(r, w, path);
        break;
    }
    in_progress_.erase(key);
    if (!s.ok() || lowest_assumption_ >= depth) done_[key] = s;
    lowest_assumption_ = std::min(enclosing_lowest, lowest_assumption_);
    return s;
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

  static constexpr int64_t kMaxSteps = 100000;

  const AvroSchema& r_;
  const AvroSchema& w_;
  int64_t steps_ = 0;
  std::map<std::pair<int32_t, int32_t>, size_t> in_progress_;  // pair -> nesting depth
  std::map<std::pair<int32_t, int32_t>, Status> done_;
  size_t lowest_assumption_ = SIZE_MAX;  // shallowest in-progress pair assumed below here
};

}  // namespace

Status AvroCanRead(const AvroSchema& reader, const AvroSchema& writer) {
  Resolver resolver(reader, writer);
  return resolver.Check(reader.root(), writer.root(), "");
}

}  // namespace millrace::catalog
