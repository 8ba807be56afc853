// Avro schema resolution (specification 1.11, "Schema Resolution"): can a reader holding schema
// R decode every datum written with schema W? This is the question every Avro compatibility mode
// reduces to. Stateless and thread-safe.
#pragma once

#include "base/status.h"
#include "catalog/registry/avro_schema.h"

namespace millrace::catalog {

// OK if `reader` can read all data written with `writer`; otherwise InvalidArgument whose message
// names the first mismatch and where it is ("field Person.age: reader has no default ...").
// Rules: same primitive, or the promotions int->long/float/double, long->float/double,
// float->double, string<->bytes; named types match by unqualified name or a reader alias;
// records match fields by name or reader-field alias, and a reader field missing from the writer
// needs a default; every writer enum symbol must be a reader symbol unless the reader enum has a
// default; fixed sizes must be equal; arrays and maps resolve their items/values; a writer union
// needs every branch readable, a reader union needs one branch that reads the writer.
Status AvroCanRead(const AvroSchema& reader, const AvroSchema& writer);

}  // namespace millrace::catalog
