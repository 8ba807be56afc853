#include "firehose/transform_hook.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "base/base64.h"
#include "base/json.h"
#include "base/value.h"
#include "firehose/error_record.h"
#include "firehose/transform_transport.h"

namespace millrace::firehose {
namespace {

// A minimal HTTP/1.1 server on a loopback port, written here on raw sockets so the test shares no
// code with what it checks: one request per connection, answered by `handler` (status, body).
class TinyHttpServer {
 public:
  using Handler = std::function<std::pair<int, std::string>(const std::string& body)>;
  explicit TinyHttpServer(Handler handler) : handler_(std::move(handler)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TinyHttpServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/invoke"; }
  int requests() const { return requests_; }

 private:
  void Serve() {
    while (true) {
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buf[65536];
      size_t header_end = std::string::npos;
      size_t content_length = 0;
      while (true) {
        const ssize_t n = read(client, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<size_t>(n));
        if (header_end == std::string::npos) {
          header_end = request.find("\r\n\r\n");
          if (header_end != std::string::npos) {
            const size_t at = request.find("Content-Length: ");
            if (at != std::string::npos && at < header_end) {
              content_length = std::stoul(request.substr(at + 16));
            }
          }
        }
        if (header_end != std::string::npos && request.size() >= header_end + 4 + content_length) {
          break;
        }
      }
      ++requests_;
      auto [status, body] = handler_(header_end == std::string::npos
                                         ? std::string()
                                         : request.substr(header_end + 4, content_length));
      const std::string response =
          "HTTP/1.1 " + std::to_string(status) +
          " X\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\nConnection: close\r\n\r\n" + body;
      size_t sent = 0;
      while (sent < response.size()) {
        const ssize_t n = write(client, response.data() + sent, response.size() - sent);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      close(client);
    }
  }

  Handler handler_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

// Answers every record Ok with its data upper-cased and a partition key "len".
std::pair<int, std::string> UpperCase(const std::string& event_text) {
  auto event = json::Parse(event_text);
  if (!event.ok()) return {400, "{}"};
  Value records = Value::MakeArray();
  for (const Value& r : **event->GetArray("records")) {
    std::string data = *base64::Decode(*r.GetString("data"));
    for (char& c : data) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    Value keys = Value::MakeObject();
    keys.Set("len", std::to_string(data.size()));
    Value metadata = Value::MakeObject();
    metadata.Set("partitionKeys", std::move(keys));
    Value answer = Value::MakeObject();
    answer.Set("recordId", *r.GetString("recordId"));
    answer.Set("result", "Ok");
    answer.Set("data", base64::Encode(data));
    answer.Set("metadata", std::move(metadata));
    records.Append(std::move(answer));
  }
  Value response = Value::MakeObject();
  response.Set("records", std::move(records));
  return {200, json::Write(response)};
}

TransformRequest ThreeRecords() {
  TransformRequest request;
  request.delivery_stream_arn = "arn:aws:firehose:us-east-1:000000000000:deliverystream/s";
  request.region = "us-east-1";
  for (int i = 0; i < 3; ++i) {
    request.records.push_back(
        {"id-" + std::to_string(i), 1000 + i, "rec" + std::to_string(i), std::nullopt});
  }
  return request;
}

TransformHookOptions FastOptions(int retries = 3) {
  TransformHookOptions options;
  options.number_of_retries = retries;
  options.timeout = std::chrono::milliseconds(20'000);
  options.retry_delay = std::chrono::milliseconds(0);
  return options;
}

TEST(TransformTargetTest, Resolution) {
  TransformHookMap hooks{{"enrich", "http://127.0.0.1:9/x"},
                         {"arn:aws:lambda:us-east-1:1:function:full", "command:cat"},
                         {"broken", "ftp://nope"}};
  auto url = ResolveTransformTarget("https://example.test/t", hooks);
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->kind, TransformTarget::Kind::kHttp);
  auto command = ResolveTransformTarget("command:tr a-z A-Z", hooks);
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->kind, TransformTarget::Kind::kCommand);
  EXPECT_EQ(command->location, "tr a-z A-Z");
  auto by_name =
      ResolveTransformTarget("arn:aws:lambda:eu-west-1:123:function:enrich:$LATEST", hooks);
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->location, "http://127.0.0.1:9/x");
  auto by_arn = ResolveTransformTarget("arn:aws:lambda:us-east-1:1:function:full", hooks);
  ASSERT_TRUE(by_arn.ok());
  EXPECT_EQ(by_arn->location, "cat");
  EXPECT_EQ(
      ResolveTransformTarget("arn:aws:lambda:us-east-1:1:function:other", hooks).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(
      ResolveTransformTarget("arn:aws:lambda:us-east-1:1:function:broken", hooks).status().code(),
      StatusCode::kInvalidArgument);
}

TEST(TransformHookTest, HttpTransform) {
  TinyHttpServer server(UpperCase);
  auto hook = TransformHook::Create(server.url(), {}, FastOptions());
  ASSERT_TRUE(hook.ok());
  TransformOutcome outcome = hook->Invoke(ThreeRecords());
  ASSERT_TRUE(outcome.batch_status.ok()) << outcome.batch_status.ToString();
  EXPECT_EQ(outcome.attempts_made, 1);
  ASSERT_EQ(outcome.records.size(), 3u);
  EXPECT_EQ(outcome.records[2].record_id, "id-2");
  EXPECT_EQ(outcome.records[2].data, "REC2");
  EXPECT_EQ(*outcome.records[2].partition_keys.Find("len"), "4");
  EXPECT_EQ(server.requests(), 1);
}

TEST(TransformHookTest, InvokeInBatchesSplitsByDataSize) {
  std::atomic<int> largest_batch{0};
  std::vector<std::string> invocation_ids;
  std::mutex mu;
  TinyHttpServer server([&](const std::string& event_text) {
    auto event = json::Parse(event_text);
    const int n = static_cast<int>((*event->GetArray("records"))->size());
    if (n > largest_batch) largest_batch = n;
    std::lock_guard lock(mu);
    invocation_ids.push_back(*event->GetString("invocationId"));
    return UpperCase(event_text);
  });
  auto hook = TransformHook::Create(server.url(), {}, FastOptions());
  TransformRequest request = ThreeRecords();
  for (int i = 3; i < 10; ++i) {
    request.records.push_back({"id-" + std::to_string(i), 0, std::string(100, 'a'), std::nullopt});
  }
  request.records.push_back({"big", 0, std::string(1000, 'b'), std::nullopt});  // alone, oversize
  auto outcomes = hook->InvokeInBatches(request, 250);
  std::vector<std::string> ids;
  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.batch_status.ok());
    for (const auto& r : outcome.records) ids.push_back(r.record_id);
  }
  ASSERT_EQ(ids.size(), request.records.size());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], request.records[i].record_id);
  EXPECT_EQ(outcomes.back().records.size(), 1u);
  EXPECT_EQ(outcomes.back().records[0].data, std::string(1000, 'B'));
  EXPECT_LE(largest_batch, 5);  // three 4-byte records + two 100-byte ones fit in 250 bytes
  EXPECT_EQ(static_cast<int>(outcomes.size()), server.requests());
  EXPECT_EQ(std::set<std::string>(invocation_ids.begin(), invocation_ids.end()).size(),
            invocation_ids.size());
}

TEST(TransformHookTest, HttpErrorsAreRetriedThenFailTheBatch) {
  TinyHttpServer server(
      [](const std::string&) { return std::make_pair(500, std::string("boom")); });
  auto hook = TransformHook::Create(server.url(), {}, FastOptions(2));
  ASSERT_TRUE(hook.ok());
  TransformOutcome outcome = hook->Invoke(ThreeRecords());
  EXPECT_FALSE(outcome.batch_status.ok());
  EXPECT_EQ(outcome.attempts_made, 3);
  EXPECT_EQ(server.requests(), 3);
  ASSERT_EQ(outcome.records.size(), 3u);
  for (const auto& r : outcome.records) {
    EXPECT_EQ(r.result, TransformResult::kProcessingFailed);
    EXPECT_EQ(r.error_code, kLambdaFunctionError);
    EXPECT_NE(r.error_message.find("500"), std::string::npos) << r.error_message;
  }
}

TEST(TransformHookTest, AMissingRecordIdFailsTheBatchAfterRetries) {
  TinyHttpServer server([](const std::string& event) {
    auto [status, body] = UpperCase(event);
    auto parsed = json::Parse(body);
    parsed->object()[0].second.array().pop_back();  // forget the last record
    return std::make_pair(status, json::Write(*parsed));
  });
  auto hook = TransformHook::Create(server.url(), {}, FastOptions(1));
  TransformOutcome outcome = hook->Invoke(ThreeRecords());
  EXPECT_FALSE(outcome.batch_status.ok());
  EXPECT_EQ(outcome.attempts_made, 2);
  EXPECT_EQ(outcome.records[0].error_code, kLambdaMissingRecordId);
}

TEST(TransformHookTest, RetrySucceedsAfterATransientFailure) {
  std::atomic<int> calls{0};
  TinyHttpServer server([&calls](const std::string& event) {
    if (calls++ == 0) return std::make_pair(503, std::string("{}"));
    return UpperCase(event);
  });
  auto hook = TransformHook::Create(server.url(), {}, FastOptions());
  TransformOutcome outcome = hook->Invoke(ThreeRecords());
  ASSERT_TRUE(outcome.batch_status.ok()) << outcome.batch_status.ToString();
  EXPECT_EQ(outcome.attempts_made, 2);
  EXPECT_EQ(outcome.records[0].data, "REC0");
}

TEST(TransformHookTest, SlowEndpointTimesOut) {
  TinyHttpServer server([](const std::string& event) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return UpperCase(event);
  });
  TransformHookOptions options = FastOptions(0);
  options.timeout = std::chrono::milliseconds(200);
  auto hook = TransformHook::Create(server.url(), {}, options);
  TransformOutcome outcome = hook->Invoke(ThreeRecords());
  EXPECT_EQ(outcome.batch_status.code(), StatusCode::kTimeout);
  EXPECT_EQ(outcome.records[0].error_code, kLambdaInvokeFailed);
}

TEST(TransformHookTest, UnreachableEndpointIsAnInvokeFailure) {
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len);
  close(probe);  // nothing listens on this port now
  auto hook = TransformHook::Create(
      "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/", {}, FastOptions(0));
  TransformOutcome outcome = hook->Invoke(ThreeRecords());
  EXPECT_EQ(outcome.batch_status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(outcome.records[1].error_code, kLambdaInvokeFailed);
}

// A transform written as a Python script, run as a command.
class CommandTransformTest : public ::testing::Test {
 protected:
  void SetUp() override {
    script_ = std::filesystem::temp_directory_path() /
              ("millrace-transform-" + std::to_string(getpid()) + ".py");
    std::ofstream(script_) << R"(import base64, json, sys
event = json.load(sys.stdin)
out = []
for r in event["records"]:
    data = base64.b64decode(r["data"])
    if data == b"drop":
        out.append({"recordId": r["recordId"], "result": "Dropped", "data": r["data"]})
    elif data == b"fail":
        out.append({"recordId": r["recordId"], "result": "ProcessingFailed", "data": r["data"]})
    else:
        out.append({"recordId": r["recordId"], "result": "Ok",
                    "data": base64.b64encode(data[::-1] + b"\n").decode(),
                    "metadata": {"partitionKeys": {"stream": event["deliveryStreamArn"].split("/")[-1]}}})
json.dump({"records": out}, sys.stdout)
)";
  }
  void TearDown() override { std::filesystem::remove(script_); }
  std::string Command() const { return "command:/usr/bin/python3 " + script_.string(); }
  std::filesystem::path script_;
};

TEST_F(CommandTransformTest, OkDroppedAndProcessingFailed) {
  auto hook = TransformHook::Create(Command(), {}, FastOptions());
  ASSERT_TRUE(hook.ok());
  TransformRequest request = ThreeRecords();
  request.records[1].data = "drop";
  request.records[2].data = "fail";
  TransformOutcome outcome = hook->Invoke(request);
  ASSERT_TRUE(outcome.batch_status.ok()) << outcome.batch_status.ToString();
  EXPECT_EQ(outcome.records[0].result, TransformResult::kOk);
  EXPECT_EQ(outcome.records[0].data, "0cer\n");
  EXPECT_EQ(*outcome.records[0].partition_keys.Find("stream"), "s");
  EXPECT_EQ(outcome.records[1].result, TransformResult::kDropped);
  EXPECT_EQ(outcome.records[2].result, TransformResult::kProcessingFailed);
  EXPECT_EQ(outcome.records[2].error_code, kLambdaProcessingFailedStatus);
}

TEST_F(CommandTransformTest, ConfiguredByFunctionName) {
  TransformHookMap hooks{{"reverse", Command()}};
  auto hook = TransformHook::Create("arn:aws:lambda:us-east-1:000000000000:function:reverse", hooks,
                                    FastOptions());
  ASSERT_TRUE(hook.ok()) << hook.status().ToString();
  EXPECT_TRUE(hook->Invoke(ThreeRecords()).batch_status.ok());
}

TEST(CommandTransportTest, FailingCommandReportsItsStderr) {
  auto out = RunCommand("echo kaput >&2; exit 3", "{}", std::chrono::seconds(20), 1 << 20);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInternal);
  EXPECT_NE(out.status().message().find("status 3"), std::string::npos);
  EXPECT_NE(out.status().message().find("kaput"), std::string::npos);
}

TEST(CommandTransportTest, TimeoutKillsTheProcessGroup) {
  auto out = RunCommand("sleep 30; echo late", "", std::chrono::milliseconds(300), 1 << 20);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kTimeout);
}

TEST(CommandTransportTest, CommandThatClosesItsOutputButLingersTimesOut) {
  auto out = RunCommand("exec >&- 2>&-; sleep 30", "", std::chrono::milliseconds(300), 1 << 20);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kTimeout);
}

TEST(CommandTransportTest, LargeInputAndOutputDoNotDeadlock) {
  const std::string input(4 << 20, 'x');  // far beyond a pipe's buffer
  auto out = RunCommand("cat", input, std::chrono::seconds(60), 8 << 20);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->size(), input.size());
  auto capped = RunCommand("cat", input, std::chrono::seconds(60), 1 << 20);
  EXPECT_EQ(capped.status().code(), StatusCode::kResourceExhausted);
}

TEST(CommandTransportTest, CommandThatIgnoresStdinStillCompletes) {
  const std::string input(4 << 20, 'x');
  auto out = RunCommand("echo done", input, std::chrono::seconds(20), 1 << 20);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "done\n");
}

}  // namespace
}  // namespace millrace::firehose
