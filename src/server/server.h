// Server: one millrace process. Owns the event-loop threads, the edge HTTP listener with its
// router (AWS services, /health, /metrics) and the Kafka listener. Later subsystems register their
// routes, AWS services and connection handlers between construction and Start().
// Threading: construct, Start and Stop from one thread (main), never from an event-loop thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "net/tcp_listener.h"
#include "server/config.h"

namespace millrace::log {
class LogManager;
}
namespace millrace::net {
class IoPool;
class Router;
class HttpServer;
namespace aws {
class AwsProtocol;
}
}  // namespace millrace::net

namespace millrace::server {

class Server {
 public:
  explicit Server(ServerConfig config);
  ~Server();  // Stop()

  // Creates the data directory, binds both ports and starts serving. On error nothing is left
  // running. REQUIRES: called once.
  Status Start();
  // Stops accepting, lets in-flight requests finish (up to shutdown_grace_ms), closes every
  // connection and joins the threads. Idempotent.
  void Stop();

  // The bound addresses ("127.0.0.1:4566"). REQUIRES: Start() succeeded.
  std::string edge_address() const;
  std::string kafka_address() const;

  // Serves connections on the Kafka port. Without one, connections are accepted and closed.
  // REQUIRES: before Start().
  void set_kafka_handler(net::ConnectionHandler handler) { kafka_handler_ = std::move(handler); }

  // For subsystems to register on. REQUIRES: before Start().
  net::Router& router() { return *router_; }
  net::aws::AwsProtocol& aws() { return *aws_; }
  net::IoPool& io() { return *io_; }
  const ServerConfig& config() const { return config_; }

  // The durable log, opened from <data-dir>/log at the start of Start() and closed at the end of
  // Stop(). REQUIRES: Start() has opened it (use it from a start hook or a request).
  log::LogManager& log() { return *log_; }
  // Runs `hook` in Start(), after the log opens and before the ports accept; an error fails
  // Start(). Stop hooks run in reverse order after the last request, before the log closes.
  // REQUIRES: before Start().
  void AddStartHook(std::function<Status()> hook) { start_hooks_.push_back(std::move(hook)); }
  void AddStopHook(std::function<void()> hook) { stop_hooks_.push_back(std::move(hook)); }

 private:
  void InstallBuiltinRoutes();

  ServerConfig config_;
  std::unique_ptr<net::IoPool> io_;
  std::unique_ptr<net::Router> router_;
  std::unique_ptr<net::aws::AwsProtocol> aws_;
  std::unique_ptr<net::HttpServer> http_;
  std::unique_ptr<net::TcpListener> edge_;
  std::unique_ptr<net::TcpListener> kafka_;
  net::ConnectionHandler kafka_handler_;
  std::unique_ptr<log::LogManager> log_;
  std::vector<std::function<Status()>> start_hooks_;
  std::vector<std::function<void()>> stop_hooks_;
  bool running_ = false;
};

}  // namespace millrace::server
