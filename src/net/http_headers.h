// HttpHeaders: an ordered list of header fields with case-insensitive lookup by name.
// A plain value type; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace millrace::net {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

class HttpHeaders {
 public:
  using Field = std::pair<std::string, std::string>;

  // Appends a field, keeping any others of the same name.
  void Add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every field named `name` with one field.
  void Set(std::string name, std::string value);
  void Remove(std::string_view name);
  // The first field named `name` (any case), if there is one.
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }

  const std::vector<Field>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace millrace::net
