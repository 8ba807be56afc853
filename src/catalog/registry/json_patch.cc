#include "catalog/registry/json_patch.h"

#include <string>
#include <string_view>

namespace millrace::catalog {

namespace {

// "a/b~c" -> "a~1b~0c" (RFC 6901).
std::string EscapeToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void AddOp(Value& patch, std::string_view op, const std::string& path, const Value* value) {
  Value v = Value::MakeObject();
  v.Set("op", Value(op));
  v.Set("path", Value(path));
  if (value != nullptr) v.Set("value", *value);
  patch.Append(std::move(v));
}

void Diff(const Value& from, const Value& to, const std::string& path, Value& patch) {
  if (from == to) return;
  if (from.is_object() && to.is_object()) {
    for (const auto& [key, value] : from.object()) {
      if (to.Find(key) == nullptr) AddOp(patch, "remove", path + "/" + EscapeToken(key), nullptr);
    }
    for (const auto& [key, value] : to.object()) {
      const Value* old = from.Find(key);
      std::string child = path + "/" + EscapeToken(key);
      if (old == nullptr) {
        AddOp(patch, "add", child, &value);
      } else {
        Diff(*old, value, child, patch);
      }
    }
    return;
  }
  if (from.is_array() && to.is_array() && from.array().size() == to.array().size()) {
    for (size_t i = 0; i < from.array().size(); ++i) {
      Diff(from.array()[i], to.array()[i], path + "/" + std::to_string(i), patch);
    }
    return;
  }
  AddOp(patch, "replace", path, &to);
}

}  // namespace

Value JsonPatch(const Value& from, const Value& to) {
  Value patch = Value::MakeArray();
  Diff(from, to, "", patch);
  return patch;
}

}  // namespace millrace::catalog
