// Wording shared by the registry's error messages. Internal to src/catalog/registry/.
#pragma once

#include <string>
#include <string_view>

#include "catalog/registry/schema_registry.h"

namespace millrace::catalog {

// 'name', as messages quote names.
inline std::string Quote(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// "Schema 's' in registry 'r'".
inline std::string SchemaName(const SchemaRef& ref) {
  return "Schema " + Quote(ref.schema) + " in registry " + Quote(ref.registry);
}

}  // namespace millrace::catalog
