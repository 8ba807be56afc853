#include "catalog/registry/json_schema_compatibility.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <utility>

#include "catalog/registry/json_schema.h"

namespace millrace::catalog {

namespace {

constexpr std::string_view kAllTypes[] = {"null",   "boolean", "object", "array",
                                          "number", "string",  "integer"};

std::set<std::string> TypesOf(const Value& s) {
  std::set<std::string> out;
  const Value* type = s.Find("type");
  if (type == nullptr) {
    for (std::string_view t : kAllTypes) out.emplace(t);
  } else if (type->kind() == Value::Kind::kString) {
    out.insert(type->string_value());
  } else if (type->is_array()) {
    for (const Value& t : type->array()) {
      if (t.kind() == Value::Kind::kString) out.insert(t.string_value());
    }
  }
  if (out.count("number") > 0) out.insert("integer");
  return out;
}

std::optional<double> Number(const Value& s, std::string_view key) {
  const Value* v = s.Find(key);
  if (v == nullptr || (v->kind() != Value::Kind::kInt && v->kind() != Value::Kind::kDouble)) {
    return std::nullopt;
  }
  return v->AsDouble(key).value();
}

bool Flag(const Value& s, std::string_view key) {
  const Value* v = s.Find(key);
  return v != nullptr && v->kind() == Value::Kind::kBool && v->bool_value();
}

// A numeric bound: value and whether it excludes the value itself.
struct Bound {
  double value;
  bool exclusive;
};

// The tightest lower (or upper) bound of a schema across draft-04 and draft-06+ spellings.
std::optional<Bound> BoundOf(const Value& s, bool lower) {
  std::optional<Bound> out;
  const char* inclusive_key = lower ? "minimum" : "maximum";
  const char* exclusive_key = lower ? "exclusiveMinimum" : "exclusiveMaximum";
  if (auto m = Number(s, inclusive_key)) out = Bound{*m, Flag(s, exclusive_key)};
  if (auto e = Number(s, exclusive_key)) {
    bool tighter = !out || (lower ? *e >= out->value : *e <= out->value);
    if (tighter) out = Bound{*e, true};
  }
  return out;
}

// Whether the writer's bound lies within the reader's bound.
bool BoundWithin(const std::optional<Bound>& writer, const std::optional<Bound>& reader,
                 bool lower) {
  if (!reader) return true;
  if (!writer) return false;
  if (writer->value == reader->value) return writer->exclusive || !reader->exclusive;
  return lower ? writer->value > reader->value : writer->value < reader->value;
}

std::optional<int64_t> Count(const Value& s, std::string_view key) {
  const Value* v = s.Find(key);
  if (v == nullptr || v->kind() != Value::Kind::kInt) return std::nullopt;
  return v->int_value();
}

const Value kTrueSchema(true);

// One check between two documents; remembers schema pairs under check so recursive "$ref"s
// terminate (a pair met again is assumed to hold: a violation shows on a finite path).
class SubsetChecker {
 public:
  SubsetChecker(const Value& reader_root, const Value& writer_root)
      : rroot_(reader_root), wroot_(writer_root) {}

  // OK if every instance valid under `w` is valid under `r`.
  Status Check(const Value& w_in, const Value& r_in, const std::string& path) {
    // Combinators can make the comparison exponential; past the budget, answer conservatively.
    if (++steps_ > kMaxSteps) return Fail(path, "the schemas are too complex to compare");
    const Value* w = ResolveJsonSchemaRef(wroot_, w_in);
    const Value* r = ResolveJsonSchemaRef(rroot_, r_in);
    if (w == nullptr || r == nullptr) {
      if (NormalizedJsonSchema(w_in) == NormalizedJsonSchema(r_in) && &wroot_ == &rroot_) {
        return Status::Ok();
      }
      return Fail(path, "a \"$ref\" that does not resolve inside the document");
    }
    if (IsTrue(*r)) return Status::Ok();
    if (w->kind() == Value::Kind::kBool && !w->bool_value()) return Status::Ok();
    if (r->kind() == Value::Kind::kBool) return Fail(path, "the reader accepts nothing");
    const Value& ws = w->kind() == Value::Kind::kBool ? EmptyObject() : *w;
    const Value& rs = *r;
    if (!in_progress_.insert({&ws, &rs}).second) return Status::Ok();
    Status s = CheckPair(ws, rs, path);
    in_progress_.erase({&ws, &rs});
    return s;
  }

 private:
  Status CheckPair(const Value& ws, const Value& rs, const std::string& path) {
    // The writer as a union: each branch within the reader is enough.
    for (const char* key : {"anyOf", "oneOf"}) {
      if (const Value* branches = ws.Find(key); branches && branches->is_array()) {
        if (std::all_of(branches->array().begin(), branches->array().end(),
                        [&](const Value& b) { return Check(b, rs, path).ok(); })) {
          return Status::Ok();
        }
      }
    }
    if (const Value* all = ws.Find("allOf"); all && all->is_array()) {
      for (const Value& b : all->array()) {
        if (Check(b, rs, path).ok()) return Status::Ok();
      }
    }
    // The writer as a finite set of values.
    if (ws.Has("enum") || ws.Has("const")) {
      std::vector<const Value*> values;
      if (const Value* c = ws.Find("const")) values.push_back(c);
      if (const Value* e = ws.Find("enum"); e && e->is_array() && !ws.Has("const")) {
        for (const Value& v : e->array()) values.push_back(&v);
      }
      for (const Value* v : values) {
        if (!JsonSchemaAccepts(rroot_, rs, *v)) {
          return Fail(path, "the writer allows the value " + NormalizedJsonSchema(*v) +
                                " which the reader rejects");
        }
      }
      return Status::Ok();
    }
    MR_RETURN_IF_ERROR(CheckCombinators(ws, rs, path));
    MR_RETURN_IF_ERROR(CheckUnknownKeywords(ws, rs, path));
    if (rs.Has("enum") || rs.Has("const")) {
      return Fail(path, "the reader restricts values to an enum the writer does not have");
    }
    std::set<std::string> wt = TypesOf(ws);
    std::set<std::string> rt = TypesOf(rs);
    for (const std::string& t : wt) {
      if (rt.count(t) == 0) return Fail(path, "the reader does not accept the writer's type " + t);
    }
    if (wt.count("integer") > 0) MR_RETURN_IF_ERROR(CheckNumbers(ws, rs, path));
    if (wt.count("string") > 0) MR_RETURN_IF_ERROR(CheckStrings(ws, rs, path));
    if (wt.count("array") > 0) MR_RETURN_IF_ERROR(CheckArrays(ws, rs, path));
    if (wt.count("object") > 0) MR_RETURN_IF_ERROR(CheckObjects(ws, rs, path));
    return Status::Ok();
  }

  static const Value& EmptyObject() {
    static const Value empty = Value::MakeObject();
    return empty;
  }

  // True for `true` and for objects whose keywords are all annotations.
  static bool IsTrue(const Value& s) {
    if (s.kind() == Value::Kind::kBool) return s.bool_value();
    if (!s.is_object()) return false;
    return std::all_of(s.object().begin(), s.object().end(),
                       [](const Value::Member& m) { return IsJsonSchemaAnnotation(m.first); });
  }

  static Status Fail(const std::string& path, const std::string& what) {
    return Status::InvalidArgument(path + ": " + what);
  }

  static bool SameKeyword(const Value& ws, const Value& rs, std::string_view key) {
    const Value* a = ws.Find(key);
    const Value* b = rs.Find(key);
    if (a == nullptr || b == nullptr) return a == b;
    return NormalizedJsonSchema(*a) == NormalizedJsonSchema(*b);
  }

  Status CheckCombinators(const Value& ws, const Value& rs, const std::string& path) {
    if (const Value* all = rs.Find("allOf"); all && all->is_array()) {
      for (size_t i = 0; i < all->array().size(); ++i) {
        MR_RETURN_IF_ERROR(Check(ws, all->array()[i], path + "/allOf/" + std::to_string(i)));
      }
    }
    if (const Value* any = rs.Find("anyOf"); any && any->is_array()) {
      bool one = std::any_of(any->array().begin(), any->array().end(),
                             [&](const Value& b) { return Check(ws, b, path).ok(); });
      if (!one && !SameKeyword(ws, rs, "anyOf")) {
        return Fail(path + "/anyOf", "no branch of the reader's anyOf accepts the writer");
      }
    }
    for (const char* key : {"oneOf", "not"}) {
      if (rs.Has(key) && !SameKeyword(ws, rs, key)) {
        return Fail(path + "/" + key, std::string("the reader's ") + key +
                                          " differs from the writer's (only equal ones are "
                                          "known to be compatible)");
      }
    }
    return Status::Ok();
  }

  // Keywords outside the understood set must be identical on both sides.
  Status CheckUnknownKeywords(const Value& ws, const Value& rs, const std::string& path) {
    for (const Value* s : {&ws, &rs}) {
      for (const auto& [key, v] : s->object()) {
        if (IsJsonSchemaAnnotation(key) || IsJsonSchemaUnderstood(key)) continue;
        if (!SameKeyword(ws, rs, key)) {
          return Fail(path + "/" + key, "the keyword changed and is not one the check understands");
        }
      }
    }
    return Status::Ok();
  }

  Status CheckNumbers(const Value& ws, const Value& rs, const std::string& path) {
    if (!BoundWithin(BoundOf(ws, true), BoundOf(rs, true), true)) {
      return Fail(path, "the reader's lower bound excludes numbers the writer allows");
    }
    if (!BoundWithin(BoundOf(ws, false), BoundOf(rs, false), false)) {
      return Fail(path, "the reader's upper bound excludes numbers the writer allows");
    }
    if (auto rm = Number(rs, "multipleOf")) {
      auto wm = Number(ws, "multipleOf");
      double q = wm ? *wm / *rm : 0.5;
      if (std::fabs(q - std::round(q)) > 1e-9) {
        return Fail(path, "the reader's multipleOf does not divide the writer's");
      }
    }
    return Status::Ok();
  }

  Status CheckStrings(const Value& ws, const Value& rs, const std::string& path) {
    if (auto r = Count(rs, "minLength"); r && Count(ws, "minLength").value_or(0) < *r) {
      return Fail(path, "the reader's minLength is larger than the writer's");
    }
    if (auto r = Count(rs, "maxLength")) {
      auto w = Count(ws, "maxLength");
      if (!w || *w > *r) return Fail(path, "the reader's maxLength is smaller than the writer's");
    }
    for (const char* key : {"pattern", "format"}) {
      if (rs.Has(key) && !SameKeyword(ws, rs, key)) {
        return Fail(path + "/" + key,
                    std::string("the reader's ") + key + " differs from the writer's");
      }
    }
    return Status::Ok();
  }

  Status CheckArrays(const Value& ws, const Value& rs, const std::string& path) {
    if (auto r = Count(rs, "minItems"); r && Count(ws, "minItems").value_or(0) < *r) {
      return Fail(path, "the reader's minItems is larger than the writer's");
    }
    if (auto r = Count(rs, "maxItems")) {
      auto w = Count(ws, "maxItems");
      if (!w || *w > *r) return Fail(path, "the reader's maxItems is smaller than the writer's");
    }
    if (Flag(rs, "uniqueItems") && !Flag(ws, "uniqueItems")) {
      return Fail(path, "the reader requires uniqueItems and the writer does not");
    }
    const Value* wi = ws.Find("items");
    const Value* ri = rs.Find("items");
    bool tuple = (wi && wi->is_array()) || (ri && ri->is_array());
    if (tuple) {
      if (!SameKeyword(ws, rs, "items") || !SameKeyword(ws, rs, "additionalItems")) {
        return Fail(path + "/items", "tuple items differ (only equal ones are known compatible)");
      }
      return Status::Ok();
    }
    if (ri != nullptr) return Check(wi ? *wi : kTrueSchema, *ri, path + "/items");
    return Status::Ok();
  }

  Status CheckObjects(const Value& ws, const Value& rs, const std::string& path) {
    if (auto r = Count(rs, "minProperties"); r && Count(ws, "minProperties").value_or(0) < *r) {
      return Fail(path, "the reader's minProperties is larger than the writer's");
    }
    if (auto r = Count(rs, "maxProperties")) {
      auto w = Count(ws, "maxProperties");
      if (!w || *w > *r) {
        return Fail(path, "the reader's maxProperties is smaller than the writer's");
      }
    }
    std::set<std::string> writer_required;
    if (const Value* req = ws.Find("required"); req && req->is_array()) {
      for (const Value& n : req->array()) {
        if (n.kind() == Value::Kind::kString) writer_required.insert(n.string_value());
      }
    }
    if (const Value* req = rs.Find("required"); req && req->is_array()) {
      for (const Value& n : req->array()) {
        if (n.kind() == Value::Kind::kString && writer_required.count(n.string_value()) == 0) {
          return Fail(path + "/required", "the reader requires \"" + n.string_value() +
                                              "\" which the writer does not require");
        }
      }
    }
    const Value* wp = ws.Find("properties");
    const Value* rp = rs.Find("properties");
    const Value& w_extra =
        ws.Has("additionalProperties") ? *ws.Find("additionalProperties") : kTrueSchema;
    const Value& r_extra =
        rs.Has("additionalProperties") ? *rs.Find("additionalProperties") : kTrueSchema;
    auto member = [](const Value* props, const std::string& name) -> const Value* {
      return props != nullptr && props->is_object() ? props->Find(name) : nullptr;
    };
    std::set<std::string> names;
    if (wp && wp->is_object()) {
      for (const auto& [n, s] : wp->object()) names.insert(n);
    }
    if (rp && rp->is_object()) {
      for (const auto& [n, s] : rp->object()) names.insert(n);
    }
    for (const std::string& name : names) {
      const Value* w_schema = member(wp, name);
      const Value* r_schema = member(rp, name);
      MR_RETURN_IF_ERROR(Check(w_schema ? *w_schema : w_extra, r_schema ? *r_schema : r_extra,
                               path + "/properties/" + name));
    }
    return Check(w_extra, r_extra, path + "/additionalProperties");
  }

  static constexpr int64_t kMaxSteps = 100000;

  const Value& rroot_;
  const Value& wroot_;
  std::set<std::pair<const Value*, const Value*>> in_progress_;
  int64_t steps_ = 0;
};

}  // namespace

Status JsonSchemaCanRead(const Value& reader, const Value& writer) {
  SubsetChecker checker(reader, writer);
  return checker.Check(writer, reader, "#");
}

}  // namespace millrace::catalog
