#include "catalog/registry/compatibility_cases.h"

namespace millrace::catalog::testing {

// A record t.Person with the given fields, and its usual first field.
#define PERSON(fields) R"({"type":"record","name":"Person","namespace":"t","fields":[)" fields "]}"
#define NAME_FIELD R"({"name":"name","type":"string"})"

const std::vector<EvolutionCase>& AvroEvolutionCases() {
  static const std::vector<EvolutionCase> cases = {
      {"same primitive", R"("int")", R"("int")", true, true},
      {"int to long", R"("int")", R"("long")", true, false},
      {"int to float", R"("int")", R"("float")", true, false},
      {"int to double", R"("int")", R"("double")", true, false},
      {"long to float", R"("long")", R"("float")", true, false},
      {"long to double", R"("long")", R"("double")", true, false},
      {"float to double", R"("float")", R"("double")", true, false},
      {"long to int", R"("long")", R"("int")", false, true},
      {"string to bytes", R"("string")", R"("bytes")", true, true},
      {"int to string", R"("int")", R"("string")", false, false},
      {"boolean to int", R"("boolean")", R"("int")", false, false},
      {"logical type over the same primitive", R"("int")", R"({"type":"int","logicalType":"date"})",
       true, true},
      {"add field with default", PERSON(NAME_FIELD),
       PERSON(NAME_FIELD R"(,{"name":"age","type":"int","default":0})"), true, true},
      {"add field without default", PERSON(NAME_FIELD),
       PERSON(NAME_FIELD R"(,{"name":"age","type":"int"})"), false, true},
      {"remove field without default", PERSON(NAME_FIELD R"(,{"name":"age","type":"int"})"),
       PERSON(NAME_FIELD), true, false},
      {"remove field with default",
       PERSON(NAME_FIELD R"(,{"name":"age","type":"int","default":1})"), PERSON(NAME_FIELD), true,
       true},
      {"optional field added as a null union", PERSON(NAME_FIELD),
       PERSON(NAME_FIELD R"(,{"name":"salary","type":["null","int"],"default":null})"), true, true},
      {"field type promoted", PERSON(R"({"name":"n","type":"int"})"),
       PERSON(R"({"name":"n","type":"long"})"), true, false},
      {"field type changed", PERSON(R"({"name":"n","type":"int"})"),
       PERSON(R"({"name":"n","type":"boolean"})"), false, false},
      {"field renamed with an alias", PERSON(NAME_FIELD),
       PERSON(R"({"name":"full_name","type":"string","aliases":["name"]})"), true, false},
      {"field renamed without an alias", PERSON(NAME_FIELD),
       PERSON(R"({"name":"full_name","type":"string"})"), false, false},
      {"record renamed", R"({"type":"record","name":"A","fields":[]})",
       R"({"type":"record","name":"B","fields":[]})", false, false},
      {"record renamed with an alias", R"({"type":"record","name":"A","fields":[]})",
       R"({"type":"record","name":"B","aliases":["A"],"fields":[]})", true, false},
      {"record moved to another namespace",
       R"({"type":"record","name":"a.R","fields":[{"name":"x","type":"int"}]})",
       R"({"type":"record","name":"b.R","fields":[{"name":"x","type":"int"}]})", true, true},
      {"enum symbol added", R"({"type":"enum","name":"E","symbols":["A","B"]})",
       R"({"type":"enum","name":"E","symbols":["A","B","C"]})", true, false},
      {"enum symbol removed", R"({"type":"enum","name":"E","symbols":["A","B","C"]})",
       R"({"type":"enum","name":"E","symbols":["A","B"]})", false, true},
      {"enum symbol added, both with a default",
       R"({"type":"enum","name":"E","symbols":["A","B"],"default":"A"})",
       R"({"type":"enum","name":"E","symbols":["A","B","C"],"default":"A"})", true, true},
      {"fixed same size", R"({"type":"fixed","name":"F","size":4})",
       R"({"type":"fixed","name":"F","size":4})", true, true},
      {"fixed size changed", R"({"type":"fixed","name":"F","size":4})",
       R"({"type":"fixed","name":"F","size":8})", false, false},
      {"fixed to bytes", R"({"type":"fixed","name":"F","size":4})", R"("bytes")", false, false},
      {"array items promoted", R"({"type":"array","items":"int"})",
       R"({"type":"array","items":"long"})", true, false},
      {"map values promoted", R"({"type":"map","values":"float"})",
       R"({"type":"map","values":"double"})", true, false},
      {"array to map", R"({"type":"array","items":"int"})", R"({"type":"map","values":"int"})",
       false, false},
      {"value made nullable", R"("int")", R"(["null","int"])", true, false},
      {"union branch added", R"(["null","string"])", R"(["null","string","int"])", true, false},
      {"union branch promoted", R"(["null","int"])", R"(["null","long"])", true, false},
      {"union reordered", R"(["null","string"])", R"(["string","null"])", true, true},
      {"record in a union gains an optional field",
       R"(["null",{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}])",
       R"(["null",{"type":"record","name":"R","fields":[{"name":"a","type":"int"},)"
       R"({"name":"b","type":"string","default":""}]}])",
       true, true},
      {"nested record field without default",
       PERSON(R"({"name":"home","type":{"type":"record","name":"Addr","fields":[]}})"),
       PERSON(R"({"name":"home","type":{"type":"record","name":"Addr","fields":[)"
              R"({"name":"zip","type":"string"}]}})"),
       false, true},
      {"recursive list gains a field with default",
       R"({"type":"record","name":"L","fields":[{"name":"v","type":"int"},)"
       R"({"name":"next","type":["null","L"],"default":null}]})",
       R"({"type":"record","name":"L","fields":[{"name":"v","type":"int"},)"
       R"({"name":"next","type":["null","L"],"default":null},{"name":"w","type":"long","default":0}]})",
       true, true},
      {"recursive list changes its value type",
       R"({"type":"record","name":"L","fields":[{"name":"v","type":"int"},)"
       R"({"name":"next","type":["null","L"],"default":null}]})",
       R"({"type":"record","name":"L","fields":[{"name":"v","type":"string"},)"
       R"({"name":"next","type":["null","L"],"default":null}]})",
       false, false},
  };
  return cases;
}

}  // namespace millrace::catalog::testing
