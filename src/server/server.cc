#include "server/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "base/logging.h"
#include "base/metrics.h"
#include "kafka/broker/broker.h"
#include "lake/object_store.h"
#include "lake/s3_api/s3_api.h"
#include "log/log_manager.h"
#include "net/aws/aws_protocol.h"
#include "net/http_server.h"
#include "net/io_pool.h"
#include "net/router.h"
#include "net/tcp_listener.h"

namespace millrace::server {

namespace asio = boost::asio;

Server::Server(ServerConfig config)
    : config_(std::move(config)),
      io_(std::make_unique<net::IoPool>(config_.io_threads)),
      router_(std::make_unique<net::Router>()),
      aws_(std::make_unique<net::aws::AwsProtocol>(*router_)) {
  InstallBuiltinRoutes();
}

Server::~Server() {
  Stop();
}

void Server::InstallBuiltinRoutes() {
  router_->AddExact("/health", [](net::HttpRequest&) -> asio::awaitable<net::HttpResponse> {
    co_return net::HttpResponse::Text(200, "application/json", R"({"status":"ok"})");
  });
  router_->AddExact("/metrics", [](net::HttpRequest&) -> asio::awaitable<net::HttpResponse> {
    co_return net::HttpResponse::Text(200, "text/plain; version=0.0.4; charset=utf-8",
                                      metrics::Registry::Global().RenderText());
  });
}

Status Server::Start() {
  std::error_code fs_error;
  std::filesystem::create_directories(config_.data_dir, fs_error);
  if (fs_error) {
    return Status::IOError("cannot create data directory " + config_.data_dir + ": " +
                           fs_error.message());
  }
  MR_RETURN_IF_ERROR(LockDataDir());
  MR_ASSIGN_OR_RETURN(log_, log::LogManager::Open(log::LogOptions{.data_dir = config_.data_dir}));
  if (auto lake = lake::ObjectStore::Open(config_.data_dir); lake.ok()) {
    lake_ = std::move(lake).value();
  } else {
    StopStorage();
    return lake.status();
  }
  s3_ = std::make_unique<lake::s3::S3Api>(*lake_);
  s3_->Install(*router_);  // the "/" prefix: after X-Amz-Target and exact routes
  storage_open_ = true;
  for (auto& hook : start_hooks_) {
    if (Status s = hook(); !s.ok()) {
      StopStorage();
      return s;
    }
  }
  if (!kafka_handler_) {
    kafka::BrokerOptions broker_options;
    broker_options.data_dir = config_.data_dir;
    broker_options.auto_create_topics = config_.kafka_auto_create_topics;
    auto broker = kafka::Broker::Open(broker_options, log_.get());
    if (!broker.ok()) {
      StopStorage();
      return broker.status();
    }
    kafka_broker_ = std::move(broker).value();
    kafka_handler_ = kafka_broker_->Handler();
  }
  http_ = std::make_unique<net::HttpServer>(*router_);
  auto edge = net::TcpListener::Listen(io_->context(), config_.edge_address, http_->Handler());
  if (!edge.ok()) {
    StopStorage();
    return edge.status();
  }
  edge_ = std::move(edge).value();
  if (!kafka_handler_) {
    kafka_handler_ = [](asio::ip::tcp::socket socket) -> asio::awaitable<void> {
      boost::system::error_code ignored;
      socket.close(ignored);
      co_return;
    };
  }
  auto kafka = net::TcpListener::Listen(io_->context(), config_.kafka_address, kafka_handler_);
  if (!kafka.ok()) {
    StopStorage();
    return kafka.status();
  }
  kafka_ = std::move(kafka).value();
  if (kafka_broker_) {
    // Metadata and FindCoordinator name the bound address unless told otherwise (containers).
    std::string advertised =
        config_.kafka_advertised.empty() ? kafka_->address() : config_.kafka_advertised;
    auto endpoint = net::ParseHostPort(advertised);
    if (!endpoint.ok()) {
      StopStorage();
      return endpoint.status();
    }
    std::string host = advertised.substr(0, advertised.rfind(':'));
    if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    kafka_broker_->SetAdvertised(host, endpoint->port());
    kafka_broker_->Start(io_->context());
  }
  io_->Start();
  edge_->Start();
  kafka_->Start();
  running_ = true;
  MR_LOG_INFO("millrace serving: edge {} kafka {} data {} ({} event-loop threads)", edge_address(),
              kafka_address(), config_.data_dir, io_->thread_count());
  return Status::Ok();
}

void Server::Stop() {
  if (!running_) return;
  running_ = false;
  edge_->Stop();
  kafka_->Stop();
  for (const auto& hook : drain_hooks_) hook();
  http_->BeginDrain();
  if (!http_->WaitDrained(std::chrono::milliseconds(config_.shutdown_grace_ms))) {
    MR_LOG_WARN("shutdown: {} connections still open after {} ms; closing them",
                http_->open_connections(), config_.shutdown_grace_ms);
  }
  io_->Stop();
  StopStorage();
  MR_LOG_INFO("millrace stopped");
}

Status Server::LockDataDir() {
  std::string path = config_.data_dir + "/LOCK";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::Unavailable("data directory " + config_.data_dir +
                                 " is in use by another millrace process");
    }
    return Status::FromErrno("lock " + path, err);
  }
  lock_fd_ = fd;  // held until the process exits
  return Status::Ok();
}

void Server::StopStorage() {
  // Subsystems stop in reverse order, after no request can reach them, before the log closes.
  // Every stop hook must tolerate a start that failed before its own start hook ran.
  if (storage_open_) {
    storage_open_ = false;
    for (auto it = stop_hooks_.rbegin(); it != stop_hooks_.rend(); ++it) (*it)();
  }
  kafka_broker_.reset();
  if (log_) {
    if (Status s = log_->Close(); !s.ok()) MR_LOG_ERROR("closing the log: {}", s.ToString());
    log_.reset();
  }
}

std::string Server::edge_address() const {
  return edge_->address();
}
std::string Server::kafka_address() const {
  return kafka_->address();
}

}  // namespace millrace::server
