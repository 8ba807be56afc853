// Schema evolution cases shared by the compatibility tests: an old and a new definition and
// whether each direction of schema resolution holds.
#pragma once

#include <vector>

namespace millrace::catalog::testing {

struct EvolutionCase {
  const char* name;
  const char* old_schema;
  const char* new_schema;
  bool backward;  // the new schema reads data written with the old one
  bool forward;   // the old schema reads data written with the new one
};

const std::vector<EvolutionCase>& AvroEvolutionCases();
const std::vector<EvolutionCase>& JsonSchemaEvolutionCases();

}  // namespace millrace::catalog::testing
