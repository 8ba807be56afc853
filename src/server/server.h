// Server: one millrace process. Owns the event-loop threads, the edge HTTP listener with its
// router (AWS services, /health, /metrics) and the Kafka listener. Later subsystems register their
// routes, AWS services and connection handlers between construction and Start().
// Threading: construct, Start and Stop from one thread (main), never from an event-loop thread.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "net/tcp_listener.h"
#include "server/config.h"

namespace millrace::log {
class LogManager;
}
namespace millrace::kafka {
class Broker;
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
  // The durable log. REQUIRES: Start() succeeded (it opens the log) and Stop() not yet called.
  log::LogManager& log() { return *log_; }
  const ServerConfig& config() const { return config_; }

 private:
  void InstallBuiltinRoutes();

  ServerConfig config_;
  std::unique_ptr<net::IoPool> io_;
  std::unique_ptr<net::Router> router_;
  std::unique_ptr<net::aws::AwsProtocol> aws_;
  std::unique_ptr<net::HttpServer> http_;
  std::unique_ptr<net::TcpListener> edge_;
  std::unique_ptr<net::TcpListener> kafka_;
  std::unique_ptr<log::LogManager> log_;
  std::unique_ptr<kafka::Broker> kafka_broker_;
  net::ConnectionHandler kafka_handler_;
  bool running_ = false;
};

}  // namespace millrace::server
