#include "net/aws/event_stream_body.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "base/json.h"
#include "net/aws/aws_codec.h"
#include "net/aws/aws_protocol.h"
#include "net/aws/cbor_codec.h"
#include "net/aws/event_stream.h"
#include "net/h2_test_client.h"
#include "net/loopback_server.h"

namespace millrace::net::aws {
namespace {

namespace asio = boost::asio;

// Drives a BodySource by hand on a single-threaded io_context.
class BodyDriver {
 public:
  explicit BodyDriver(std::unique_ptr<BodySource> body) : body_(std::move(body)) {}

  // Calls Next() once and runs handlers until nothing is ready. Returns what Next() gave;
  // `threw` is set when it threw.
  std::optional<std::string> Next() {
    std::optional<std::string> out;
    bool done = false;
    asio::co_spawn(
        context_,
        [&]() -> asio::awaitable<void> {
          try {
            out = co_await body_->Next();
          } catch (const std::exception&) {
            threw = true;
          }
          done = true;
        },
        asio::detached);
    Settle();
    EXPECT_TRUE(done);
    return out;
  }
  // Everything until the end of the body.
  std::string Rest() {
    std::string all;
    while (auto chunk = Next()) all += *chunk;
    return all;
  }
  void Settle() {
    context_.restart();
    context_.poll();
  }
  void DropBody() {
    body_.reset();
    Settle();
  }

  bool threw = false;

 private:
  asio::io_context context_;
  std::unique_ptr<BodySource> body_;
};

std::vector<EventMessage> Messages(std::string_view bytes) {
  EventStreamReader reader;
  reader.Append(bytes);
  std::vector<EventMessage> out;
  while (true) {
    Result<std::optional<EventMessage>> next = reader.Next();
    EXPECT_TRUE(next.ok()) << next.status().message();
    if (!next.ok() || !*next) break;
    out.push_back(std::move(**next));
  }
  EXPECT_EQ(reader.buffered(), 0u);
  return out;
}

Value Numbered(int i) {
  Value v = Value::MakeObject();
  v.Set("N", i);
  return v;
}

TEST(EventStreamBodyTest, ProducerWaitsWhileTheQueueIsFull) {
  AwsJsonCodec codec;
  int pushed = 0;
  EventStreamOptions options;
  options.max_queued_messages = 3;
  BodyDriver driver(MakeEventStreamBody(
      codec,
      [&pushed](EventStreamWriter& out) -> asio::awaitable<void> {
        for (int i = 0; i < 10; ++i) {
          if (!co_await out.PushEvent("E", Numbered(i))) co_return;
          ++pushed;
        }
      },
      options));
  EXPECT_EQ(pushed, 0) << "the producer starts with the first read";
  std::optional<std::string> first = driver.Next();
  ASSERT_TRUE(first);
  size_t taken = Messages(*first).size();
  EXPECT_GE(taken, 1u);
  EXPECT_EQ(pushed, static_cast<int>(taken) + 3) << "at most 3 queued while nobody reads";
  std::vector<EventMessage> all = Messages(*first + driver.Rest());
  ASSERT_EQ(all.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(all[i].StringHeader(":event-type"), "E");
    EXPECT_EQ(*json::Parse(all[i].payload), Numbered(i));
  }
  EXPECT_FALSE(driver.threw);
}

TEST(EventStreamBodyTest, DroppedBodyStopsTheProducer) {
  AwsJsonCodec codec;
  int pushed = 0;
  bool stopped = false;
  EventStreamOptions options;
  options.max_queued_messages = 2;
  BodyDriver driver(MakeEventStreamBody(
      codec,
      [&](EventStreamWriter& out) -> asio::awaitable<void> {
        while (co_await out.PushEvent("E", Numbered(pushed))) ++pushed;
        EXPECT_FALSE(out.open());
        stopped = true;
      },
      options));
  ASSERT_TRUE(driver.Next());
  EXPECT_FALSE(stopped);
  int before = pushed;
  driver.DropBody();
  EXPECT_TRUE(stopped);
  EXPECT_EQ(pushed, before);
}

TEST(EventStreamBodyTest, ExceptionEndsTheStream) {
  AwsCborCodec codec;
  bool after_close = true;
  BodyDriver driver(
      MakeEventStreamBody(codec, [&](EventStreamWriter& out) -> asio::awaitable<void> {
        co_await out.PushInitialResponse();
        co_await out.PushEvent("E", Numbered(1));
        AwsError error{"ResourceInUseException", "another consumer", 400};
        co_await out.PushException(error);
        after_close = co_await out.PushEvent("E", Numbered(2));
      }));
  std::vector<EventMessage> all = Messages(driver.Rest());
  EXPECT_FALSE(after_close);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].StringHeader(":event-type"), "initial-response");
  EXPECT_EQ(*DecodeCbor(all[0].payload), Value::MakeObject());
  EXPECT_EQ(*DecodeCbor(all[1].payload), Numbered(1));
  EXPECT_EQ(all[2].StringHeader(":message-type"), "exception");
  EXPECT_EQ(all[2].StringHeader(":exception-type"), "ResourceInUseException");
  EXPECT_EQ(*DecodeCbor(all[2].payload)->GetString("message"), "another consumer");
  EXPECT_FALSE(driver.threw);
}

TEST(EventStreamBodyTest, ThrowingProducerAbortsAfterWhatItQueued) {
  AwsJsonCodec codec;
  BodyDriver driver(MakeEventStreamBody(codec, [](EventStreamWriter& out) -> asio::awaitable<void> {
    co_await out.PushEvent("E", Numbered(1));
    throw std::runtime_error("boom");
  }));
  std::string body = driver.Rest();
  EXPECT_TRUE(driver.threw);
  EXPECT_EQ(Messages(body).size(), 1u);
}

TEST(EventStreamBodyTest, OversizeEventBecomesAnInternalFailureException) {
  AwsJsonCodec codec;
  bool pushed = true;
  BodyDriver driver(
      MakeEventStreamBody(codec, [&](EventStreamWriter& out) -> asio::awaitable<void> {
        Value big = Value::MakeObject();
        big.Set("Data", std::string(kEventMaxMessageBytes, 'x'));
        pushed = co_await out.PushEvent("E", big);
      }));
  std::vector<EventMessage> all = Messages(driver.Rest());
  EXPECT_FALSE(pushed);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].StringHeader(":exception-type"), "InternalFailure");
}

// SubscribeToShard-like operation over h2c: an initial response, then `Count` events, then the
// end of the stream; or, with Count = -1, events every few milliseconds until the peer goes away.
class EventStreamH2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto service = std::make_unique<AwsService>("Kinesis_20131202.", "kinesis");
    service->AddRawOperation(
        "SubscribeToShard", [this](const AwsRequest& r) -> asio::awaitable<HttpResponse> {
          Result<int64_t> count = r.params.GetInt64("Count");
          if (!count.ok()) {
            co_return AwsProtocol::ErrorResponse(AwsError::Validation("Count is required"),
                                                 r.request_id, r.codec);
          }
          int64_t n = *count;
          co_return EventStreamResponse(
              r, [this, n](EventStreamWriter& out) -> asio::awaitable<void> {
                if (!co_await out.PushInitialResponse()) co_return;
                for (int64_t i = 0; n < 0 || i < n; ++i) {
                  Value event = Value::MakeObject();
                  event.Set("Records", Value::Array{Value::Bytes(std::string(100, 'r'))});
                  event.Set("ContinuationSequenceNumber", std::to_string(i));
                  if (!co_await out.PushEvent("SubscribeToShardEvent", event)) break;
                  if (n < 0) {
                    asio::steady_timer pause(co_await asio::this_coro::executor,
                                             std::chrono::milliseconds(5));
                    co_await pause.async_wait(asio::use_awaitable);
                  }
                }
                producer_stopped_ = true;
              });
        });
    server_.aws().AddService(std::move(service));
    server_.router().AddExact("/ping", [](HttpRequest&) -> asio::awaitable<HttpResponse> {
      co_return HttpResponse::Text(200, "text/plain", "pong");
    });
    server_.Start();
  }

  int32_t Subscribe(H2Client& client, std::string_view content_type, std::string body) {
    return client.Submit("POST", "/", std::move(body),
                         {{"x-amz-target", "Kinesis_20131202.SubscribeToShard"},
                          {"content-type", std::string(content_type)}});
  }

  std::atomic<bool> producer_stopped_{false};
  LoopbackServer server_;
};

TEST_F(EventStreamH2Test, JsonEventsArriveInOrder) {
  H2Client client(server_.port());
  int32_t id = Subscribe(client, "application/x-amz-json-1.1", R"({"Count":50})");
  ASSERT_TRUE(client.Run());
  const H2Client::Answer& a = client.answer(id);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.error_code, 0u);
  EXPECT_EQ(a.headers.at("content-type"), "application/vnd.amazon.eventstream");
  EXPECT_FALSE(a.headers.at("x-amzn-requestid").empty());
  std::vector<EventMessage> all = Messages(a.body);
  ASSERT_EQ(all.size(), 51u);
  EXPECT_EQ(all[0].StringHeader(":event-type"), "initial-response");
  for (int i = 1; i <= 50; ++i) {
    EXPECT_EQ(all[i].StringHeader(":message-type"), "event");
    EXPECT_EQ(all[i].StringHeader(":event-type"), "SubscribeToShardEvent");
    EXPECT_EQ(all[i].StringHeader(":content-type"), "application/json");
    Result<Value> payload = json::Parse(all[i].payload);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(*payload->GetString("ContinuationSequenceNumber"), std::to_string(i - 1));
  }
  EXPECT_TRUE(producer_stopped_);
}

TEST_F(EventStreamH2Test, CborRequestGetsCborEvents) {
  H2Client client(server_.port());
  Value request = Value::MakeObject();
  request.Set("Count", 3);
  int32_t id = Subscribe(client, AwsCborCodec::kContentType, EncodeCbor(request));
  ASSERT_TRUE(client.Run());
  std::vector<EventMessage> all = Messages(client.answer(id).body);
  ASSERT_EQ(all.size(), 4u);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(all[i].StringHeader(":content-type"), "application/x-amz-cbor-1.1");
    Result<Value> payload = DecodeCbor(all[i].payload);
    ASSERT_TRUE(payload.ok()) << payload.status().message();
    const Value* records = payload->Find("Records");
    ASSERT_NE(records, nullptr);
    EXPECT_EQ(records->array().at(0), Value::Bytes(std::string(100, 'r')));
  }
}

TEST_F(EventStreamH2Test, Http1ChunkedBodyCarriesTheSameMessages) {
  Http1Client client(server_.port());
  auto r = client.Request("POST", "/", R"({"Count":5})",
                          "X-Amz-Target: Kinesis_20131202.SubscribeToShard\r\n"
                          "Content-Type: application/x-amz-json-1.1\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ((*r)["content-type"], "application/vnd.amazon.eventstream");
  std::vector<EventMessage> all = Messages(r->body());
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[5].StringHeader(":event-type"), "SubscribeToShardEvent");
}

TEST_F(EventStreamH2Test, ErrorBeforeTheStreamIsAPlainAwsError) {
  H2Client client(server_.port());
  int32_t id = Subscribe(client, AwsCborCodec::kContentType, EncodeCbor(Value::MakeObject()));
  ASSERT_TRUE(client.Run());
  EXPECT_EQ(client.answer(id).status, 400);
  EXPECT_EQ(*DecodeCbor(client.answer(id).body)->GetString("__type"), "ValidationException");
}

TEST_F(EventStreamH2Test, ClientResetStopsTheProducerAndKeepsTheConnection) {
  H2Client client(server_.port());
  int32_t id = Subscribe(client, "application/x-amz-json-1.1", R"({"Count":-1})");
  ASSERT_TRUE(client.RunUntil([&] { return Messages(client.answer(id).body).size() >= 4; }));
  client.Reset(id);
  ASSERT_TRUE(client.Run());
  // The producer notices at its next push; give it up to 20 s on a loaded machine.
  for (int i = 0; i < 2000 && !producer_stopped_; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(producer_stopped_);
  int32_t ping = client.Submit("GET", "/ping");
  ASSERT_TRUE(client.Run());
  EXPECT_EQ(client.answer(ping).body, "pong");
}

}  // namespace
}  // namespace millrace::net::aws
