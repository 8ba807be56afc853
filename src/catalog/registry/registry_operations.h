// The Glue Schema Registry operations (CreateRegistry ... DeleteSchemaVersions) on an `AWSGlue.`
// AwsService, with the shapes of the botocore Glue model and Glue's error names. Each operation
// runs its registry call on a blocking pool (registry writes are synced to disk).
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>

namespace millrace::net::aws {
class AwsService;
}

namespace millrace::catalog {

class SchemaRegistry;

// Finds the registry for a request; nullptr while it is not open (the answer is then an
// InternalServiceException). Lets operations be added before the server opens the registry.
using SchemaRegistryLookup = std::function<SchemaRegistry*()>;

// Adds every schema registry operation to `glue`. REQUIRES: `blocking` outlives `glue`; the
// lookup is callable from any thread.
void AddSchemaRegistryOperations(net::aws::AwsService& glue, SchemaRegistryLookup registry,
                                 boost::asio::thread_pool& blocking);

// The same for a registry that is already open. REQUIRES: `registry` outlives `glue`.
void AddSchemaRegistryOperations(net::aws::AwsService& glue, SchemaRegistry& registry,
                                 boost::asio::thread_pool& blocking);

}  // namespace millrace::catalog
