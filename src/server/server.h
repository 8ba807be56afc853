// Server: one millrace process. Owns the event-loop threads, the durable log, the edge HTTP
// listener with its router (AWS services, /health, /metrics) and the Kafka listener. Subsystems
// (Kinesis, Kafka, ...) add start/stop hooks between construction and Start(); Start() opens the
// log and the lake, runs the start hooks, then binds the ports.
// Threading: construct, Start and Stop from one thread (main), never from an event-loop thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "net/tcp_listener.h"
#include "server/config.h"

namespace millrace::log {
class LogManager;
}  // namespace millrace::log

namespace millrace::kafka {
class Broker;
}  // namespace millrace::kafka

namespace millrace::net {
class IoPool;
class Router;
class HttpServer;
namespace aws {
class AwsProtocol;
}
}  // namespace millrace::net

namespace millrace::lake {
class ObjectStore;
namespace s3 {
class S3Api;
}
}  // namespace millrace::lake

namespace millrace::server {

class Server {
 public:
  explicit Server(ServerConfig config);
  ~Server();  // Stop()

  // Creates the data directory, binds both ports and starts serving. On error nothing is left
  // running. REQUIRES: called once.
  Status Start();
  // Stops accepting, lets in-flight requests finish (up to shutdown_grace_ms), closes every
  // connection and joins the threads, stops the subsystems and closes the log. Idempotent.
  void Stop();

  // The bound addresses ("127.0.0.1:4566"). REQUIRES: Start() succeeded.
  std::string edge_address() const;
  std::string kafka_address() const;

  // Runs `hook` in Start(), after the log and the lake open and before the ports accept (a
  // subsystem registers its routes and loads its metadata there); an error fails Start(). Stop
  // hooks of started subsystems run in reverse order after the last request, before the log
  // closes. REQUIRES: before Start().
  void AddStartHook(std::function<Status()> hook) { start_hooks_.push_back(std::move(hook)); }
  void AddStopHook(std::function<void()> hook) { stop_hooks_.push_back(std::move(hook)); }
  // Runs `hook` in Stop() once the ports stop accepting, before open connections are drained:
  // a subsystem ends its long-lived responses there (SubscribeToShard) so that the drain does
  // not wait for them. Runs only after a successful Start(). REQUIRES: before Start().
  void AddDrainHook(std::function<void()> hook) { drain_hooks_.push_back(std::move(hook)); }

  // The durable log under <data-dir>/log. REQUIRES: Start() has opened it (it is open while
  // subsystems start and until Stop() returns).
  log::LogManager& log() { return *log_; }

  // Serves connections on the Kafka port. Without one, connections are accepted and closed.
  // REQUIRES: before Start().
  void set_kafka_handler(net::ConnectionHandler handler) { kafka_handler_ = std::move(handler); }

  // For subsystems to register on. REQUIRES: before Start().
  net::Router& router() { return *router_; }
  net::aws::AwsProtocol& aws() { return *aws_; }
  net::IoPool& io() { return *io_; }
  const ServerConfig& config() const { return config_; }
  // The lake (<data-dir>/lake), served over the S3 API on the edge port. REQUIRES: Start()
  // succeeded.
  lake::ObjectStore& lake() { return *lake_; }

 private:
  void InstallBuiltinRoutes();
  // Runs the stop hooks and closes the log. Idempotent.
  void StopStorage();
  // Takes an exclusive lock on <data-dir>/LOCK so two processes never share one data directory.
  Status LockDataDir();

  ServerConfig config_;
  std::unique_ptr<net::IoPool> io_;
  std::unique_ptr<log::LogManager> log_;
  std::vector<std::function<Status()>> start_hooks_;
  std::vector<std::function<void()>> stop_hooks_;
  std::vector<std::function<void()>> drain_hooks_;
  bool storage_open_ = false;
  std::unique_ptr<net::Router> router_;
  std::unique_ptr<net::aws::AwsProtocol> aws_;
  std::unique_ptr<net::HttpServer> http_;
  std::unique_ptr<net::TcpListener> edge_;
  std::unique_ptr<net::TcpListener> kafka_;
  std::unique_ptr<kafka::Broker> kafka_broker_;
  net::ConnectionHandler kafka_handler_;
  std::unique_ptr<lake::ObjectStore> lake_;
  std::unique_ptr<lake::s3::S3Api> s3_;
  bool running_ = false;
  int lock_fd_ = -1;
};

}  // namespace millrace::server
