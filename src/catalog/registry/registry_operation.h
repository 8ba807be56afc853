// How each schema registry operation is registered: a synchronous handler over the registry,
// run on the blocking pool, whose failure Status becomes a Glue error. Internal to the
// registry's operation files.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <string>

#include "base/status.h"
#include "base/value.h"
#include "catalog/registry/registry_operations.h"
#include "catalog/registry/registry_requests.h"
#include "net/aws/aws_service.h"

namespace millrace::catalog {

using RegistryHandler = std::function<Result<Value>(SchemaRegistry&, const net::aws::AwsRequest&)>;

void AddRegistryOperation(net::aws::AwsService& glue, std::string name,
                          const SchemaRegistryLookup& lookup, boost::asio::thread_pool& blocking,
                          RegistryHandler handler);

// The region and account a request's ARNs use.
ArnScope ScopeOf(const net::aws::AwsRequest& request);

// Registration of the schema version operations (version_operations.cc).
void AddVersionOperations(net::aws::AwsService& glue, const SchemaRegistryLookup& lookup,
                          boost::asio::thread_pool& blocking);

}  // namespace millrace::catalog
