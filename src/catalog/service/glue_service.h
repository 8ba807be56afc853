// The Glue API on the edge port: the `AWSGlue.` AwsService. RegisterGlueService creates the
// service and the shared GlueContext, adds every operation group and hooks the store's opening
// and closing into the server's Start/Stop. Each group of operations has its Add... function,
// so the Data Catalog and the Schema Registry share one service and one context.
#pragma once

#include <memory>

namespace millrace::server {
class Server;
}

namespace millrace::net::aws {
class AwsService;
}

namespace millrace::catalog {

class GlueContext;

// Adds the Glue service to `server`. The returned context gives in-process access to the
// catalog: context->catalog() is non-null from the Glue start hook until its stop hook, so a
// subsystem registered after Glue (Firehose) may take it in its own start hook.
// REQUIRES: before server.Start().
std::shared_ptr<GlueContext> RegisterGlueService(server::Server& server);

// The Data Catalog operations: databases, tables, table versions, partitions.
// REQUIRES: `ctx` outlives `service`.
void AddCatalogOperations(net::aws::AwsService& service, GlueContext& ctx);

// The groups AddCatalogOperations is made of.
void AddDatabaseOperations(net::aws::AwsService& service, GlueContext& ctx);
void AddTableOperations(net::aws::AwsService& service, GlueContext& ctx);
void AddPartitionOperations(net::aws::AwsService& service, GlueContext& ctx);

}  // namespace millrace::catalog
