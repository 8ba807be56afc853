// A standalone `AWSGlue.` service carrying only the schema registry, for servers without the
// Data Catalog's Glue service: opens a KvStore at <data-dir>/catalog when the server starts and
// closes it when it stops. Where the catalog's Glue service exists, call
// AddSchemaRegistryOperations on it instead.
#pragma once

namespace millrace::server {
class Server;
}

namespace millrace::catalog {

// REQUIRES: before server.Start(); `server` outlives the service.
void RegisterSchemaRegistryService(server::Server& server);

}  // namespace millrace::catalog
