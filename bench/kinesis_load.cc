// kinesis_load: drives a millrace edge port with PutRecords over pipelined keep-alive HTTP/1.1
// connections, then reads every shard back with GetRecords and checks the count.
//
//   kinesis_load --port P [--connections 8] [--depth 4] [--seconds 10] [--shards 4]
//                [--batch 500] [--size 100] [--stream load]
//
// Prints records/s put, put latency p50/p99 (per request, from send to response), and records/s
// read back. Plain POSIX sockets and threads: the load generator should cost less than the server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "base/base64.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 4566;
  int connections = 8;
  int depth = 4;
  double seconds = 10;
  int shards = 4;
  int batch = 500;
  int size = 100;
  std::string stream = "load";
};

// One blocking keep-alive HTTP/1.1 connection.
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      std::perror("connect");
      std::exit(1);
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~Connection() { ::close(fd_); }

  static std::string Request(const std::string& operation, const std::string& body) {
    return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
           "X-Amz-Target: Kinesis_20131202." +
           operation + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        std::perror("send");
        std::exit(1);
      }
      sent += static_cast<size_t>(n);
    }
  }

  // The next response: status and body.
  std::pair<int, std::string> Receive() {
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) Fill();
    const std::string head = buffer_.substr(0, header_end);
    int status = std::atoi(head.c_str() + 9);
    size_t length = 0;
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    size_t cl = lower.find("content-length:");
    if (cl != std::string::npos) length = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
    while (buffer_.size() < header_end + 4 + length) Fill();
    std::string body = buffer_.substr(header_end + 4, length);
    buffer_.erase(0, header_end + 4 + length);
    return {status, std::move(body)};
  }

  std::pair<int, std::string> Call(const std::string& operation, const std::string& body) {
    Send(Request(operation, body));
    return Receive();
  }

 private:
  void Fill() {
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) {
      std::fprintf(stderr, "connection closed by server\n");
      std::exit(1);
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }

  int fd_;
  std::string buffer_;
};

std::string Field(const std::string& json, const std::string& name) {
  size_t p = json.find("\"" + name + "\":");
  if (p == std::string::npos) return "";
  p += name.size() + 3;
  if (json[p] == '"') return json.substr(p + 1, json.find('"', p + 1) - p - 1);
  return json.substr(p, json.find_first_of(",}", p) - p);
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Kinesis PutRecords load generator for millrace"};
  app.add_option("--port", o.port);
  app.add_option("--connections", o.connections);
  app.add_option("--depth", o.depth, "Requests in flight per connection");
  app.add_option("--seconds", o.seconds);
  app.add_option("--shards", o.shards);
  app.add_option("--batch", o.batch);
  app.add_option("--size", o.size, "Bytes of data per record");
  app.add_option("--stream", o.stream);
  CLI11_PARSE(app, argc, argv);

  {
    Connection admin(o.port);
    auto [status, body] = admin.Call(
        "CreateStream",
        "{\"StreamName\":\"" + o.stream + "\",\"ShardCount\":" + std::to_string(o.shards) + "}");
    if (status != 200) {
      std::fprintf(stderr, "CreateStream: %d %s\n", status, body.c_str());
      return 1;
    }
  }

  const std::string data = millrace::base64::Encode(std::string(static_cast<size_t>(o.size), 'd'));
  std::atomic<bool> stop{false};
  std::atomic<int64_t> records{0};
  std::atomic<int64_t> failures{0};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(o.connections));
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < o.connections; ++c) {
    threads.emplace_back([&, c] {
      Connection conn(o.port);
      std::string body = "{\"StreamName\":\"" + o.stream + "\",\"Records\":[";
      for (int i = 0; i < o.batch; ++i) {
        if (i) body += ',';
        body += "{\"Data\":\"" + data + "\",\"PartitionKey\":\"c" + std::to_string(c) + "-" +
                std::to_string(i) + "\"}";
      }
      body += "]}";
      const std::string request = Connection::Request("PutRecords", body);
      std::deque<Clock::time_point> in_flight;
      auto& lat = latencies[static_cast<size_t>(c)];
      while (true) {
        while (!stop.load() && static_cast<int>(in_flight.size()) < o.depth) {
          in_flight.push_back(Clock::now());
          conn.Send(request);
        }
        if (in_flight.empty()) break;
        auto [status, reply] = conn.Receive();
        lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - in_flight.front())
                          .count());
        in_flight.pop_front();
        if (status != 200 || Field(reply, "FailedRecordCount") != "0") {
          failures.fetch_add(1);
        } else {
          records.fetch_add(o.batch);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double put_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double q) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(q * all.size()))];
  };

  // Read every shard back.
  const auto read_start = Clock::now();
  int64_t read = 0;
  {
    Connection conn(o.port);
    for (int s = 0; s < o.shards; ++s) {
      char shard_id[32];
      std::snprintf(shard_id, sizeof(shard_id), "shardId-%012d", s);
      auto [st, it_body] = conn.Call(
          "GetShardIterator", "{\"StreamName\":\"" + o.stream + "\",\"ShardId\":\"" + shard_id +
                                  "\",\"ShardIteratorType\":\"TRIM_HORIZON\"}");
      std::string it = Field(it_body, "ShardIterator");
      while (!it.empty()) {
        auto [status, reply] = conn.Call("GetRecords", "{\"ShardIterator\":\"" + it + "\"}");
        if (status != 200) {
          std::fprintf(stderr, "GetRecords: %d %s\n", status, reply.c_str());
          return 1;
        }
        const size_t n = Count(reply, "\"SequenceNumber\"");
        read += static_cast<int64_t>(n);
        if (n == 0) break;
        it = Field(reply, "NextShardIterator");
      }
    }
  }
  const double read_seconds = std::chrono::duration<double>(Clock::now() - read_start).count();
  std::printf(
      "put: %lld records in %.2f s = %.0f records/s (%d connections x depth %d, batches of %d x "
      "%d B), p50 %.1f ms, p99 %.1f ms, failed requests %lld\n",
      static_cast<long long>(records.load()), put_seconds, records.load() / put_seconds,
      o.connections, o.depth, o.batch, o.size, pct(0.50), pct(0.99),
      static_cast<long long>(failures.load()));
  std::printf("read: %lld records in %.2f s = %.0f records/s; %s\n", static_cast<long long>(read),
              read_seconds, read / read_seconds,
              read == records.load() ? "all records read back" : "MISMATCH");
  return read == records.load() ? 0 : 1;
}
