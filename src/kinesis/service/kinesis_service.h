// The Kinesis Data Streams API on the edge port: registers the `Kinesis_20131202.` AwsService
// on a server, with the stream registry opened from the server's log when the server starts.
#pragma once

namespace millrace::server {
class Server;
}

namespace millrace::kinesis {

// Adds every Kinesis operation to `server` and hooks the registry's opening and closing into
// its Start/Stop. REQUIRES: before server.Start(); `server` outlives the service.
void RegisterKinesisService(server::Server& server);

}  // namespace millrace::kinesis
