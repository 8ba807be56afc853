// The Firehose API on the edge port: registers the `Firehose_20150804.` AwsService on a server,
// with the delivery stream registry (and its delivery workers) opened when the server starts.
#pragma once

#include <memory>

namespace millrace::server {
class Server;
}

namespace millrace::firehose {

class CatalogView;

// Adds every Firehose operation to `server` and hooks the registry's opening and closing into
// its Start/Stop. `catalog` (may be null) serves format conversion and partition registration;
// the service keeps it alive. REQUIRES: before server.Start(); `server` outlives the service.
void RegisterFirehoseService(server::Server& server,
                             std::shared_ptr<CatalogView> catalog = nullptr);

}  // namespace millrace::firehose
