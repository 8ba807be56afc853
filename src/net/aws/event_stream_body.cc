#include "net/aws/event_stream_body.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <deque>
#include <exception>

#include "base/logging.h"
#include "net/async_signal.h"
#include "net/aws/aws_codec.h"
#include "net/aws/aws_service.h"
#include "net/aws/event_stream_messages.h"

namespace millrace::net::aws {

namespace asio = boost::asio;

// The queue between the producer and the body source. Both ends run on one strand.
struct EventStreamChannel {
  explicit EventStreamChannel(EventStreamOptions o) : options(o) {}

  bool over() const { return closed || reader_gone; }

  EventStreamOptions options;
  std::deque<std::string> queue;
  size_t queued_bytes = 0;
  bool closed = false;       // the producer closed the stream or returned
  bool reader_gone = false;  // the connection dropped the body source
  std::exception_ptr failure;
  std::unique_ptr<AsyncSignal> readable;  // both created when the producer starts
  std::unique_ptr<AsyncSignal> writable;
};

namespace {

// Most bytes Next() joins into one chunk.
constexpr size_t kMaxChunkBytes = 1 << 20;

asio::awaitable<void> RunProducer(std::shared_ptr<EventStreamChannel> channel,
                                  const AwsBodyCodec& codec, EventStreamProducer producer) {
  {
    EventStreamWriter writer(channel, codec);
    try {
      co_await producer(writer);
    } catch (const std::exception& e) {
      MR_LOG_ERROR("event stream producer threw: {}", e.what());
      channel->failure = std::current_exception();
    } catch (...) {
      channel->failure = std::current_exception();
    }
  }
  channel->closed = true;
  channel->readable->Notify();
}

class EventStreamBody final : public BodySource {
 public:
  EventStreamBody(const AwsBodyCodec& codec, EventStreamProducer producer,
                  EventStreamOptions options)
      : channel_(std::make_shared<EventStreamChannel>(options)),
        codec_(codec),
        producer_(std::move(producer)) {}

  ~EventStreamBody() override {
    channel_->reader_gone = true;
    if (channel_->writable) channel_->writable->Notify();
  }

  asio::awaitable<std::optional<std::string>> Next() override {
    EventStreamChannel& ch = *channel_;
    if (!started_) {
      started_ = true;
      auto executor = co_await asio::this_coro::executor;
      ch.readable = std::make_unique<AsyncSignal>(executor);
      ch.writable = std::make_unique<AsyncSignal>(executor);
      asio::co_spawn(executor, RunProducer(channel_, codec_, std::move(producer_)), asio::detached);
    }
    while (ch.queue.empty() && !ch.closed) co_await ch.readable->Wait();
    if (ch.queue.empty()) {
      if (ch.failure) std::rethrow_exception(ch.failure);
      co_return std::nullopt;
    }
    std::string chunk = std::move(ch.queue.front());
    ch.queue.pop_front();
    while (!ch.queue.empty() && chunk.size() + ch.queue.front().size() <= kMaxChunkBytes) {
      chunk += ch.queue.front();
      ch.queue.pop_front();
    }
    ch.queued_bytes = 0;
    for (const std::string& m : ch.queue) ch.queued_bytes += m.size();
    ch.writable->Notify();
    co_return chunk;
  }

 private:
  std::shared_ptr<EventStreamChannel> channel_;
  const AwsBodyCodec& codec_;
  EventStreamProducer producer_;
  bool started_ = false;
};

}  // namespace

EventStreamWriter::EventStreamWriter(std::shared_ptr<EventStreamChannel> channel,
                                     const AwsBodyCodec& codec)
    : channel_(std::move(channel)), codec_(codec) {}

EventStreamWriter::~EventStreamWriter() = default;

asio::awaitable<bool> EventStreamWriter::Push(std::string message) {
  EventStreamChannel& ch = *channel_;
  const EventStreamOptions& o = ch.options;
  while (!ch.over() && !ch.queue.empty() &&
         (ch.queue.size() >= o.max_queued_messages ||
          ch.queued_bytes + message.size() > o.max_queued_bytes)) {
    co_await ch.writable->Wait();
  }
  if (ch.over()) co_return false;
  ch.queued_bytes += message.size();
  ch.queue.push_back(std::move(message));
  ch.readable->Notify();
  co_return true;
}

asio::awaitable<bool> EventStreamWriter::PushInitialResponse(const Value& members) {
  Result<std::string> message = EncodeInitialResponse(codec_, members);
  if (!message.ok()) {
    co_await PushException(AwsError::InternalFailure(message.status().message()));
    co_return false;
  }
  co_return co_await Push(std::move(message).value());
}

asio::awaitable<bool> EventStreamWriter::PushEvent(std::string_view event_type,
                                                   const Value& members) {
  Result<std::string> message = EncodeEvent(event_type, members, codec_);
  if (!message.ok()) {
    MR_LOG_ERROR("event stream: cannot encode a {} event: {}", event_type,
                 message.status().message());
    co_await PushException(AwsError::InternalFailure("internal error"));
    co_return false;
  }
  co_return co_await Push(std::move(message).value());
}

asio::awaitable<bool> EventStreamWriter::PushException(const AwsError& error) {
  Result<std::string> message = EncodeException(error, codec_);
  if (!message.ok()) message = EncodeException(AwsError::InternalFailure("internal error"), codec_);
  bool queued = false;
  if (message.ok()) queued = co_await Push(std::move(message).value());
  Close();
  co_return queued;
}

void EventStreamWriter::Close() {
  channel_->closed = true;
  channel_->readable->Notify();
}

bool EventStreamWriter::open() const {
  return !channel_->over();
}

std::unique_ptr<BodySource> MakeEventStreamBody(const AwsBodyCodec& codec,
                                                EventStreamProducer producer,
                                                EventStreamOptions options) {
  return std::make_unique<EventStreamBody>(codec, std::move(producer), options);
}

HttpResponse EventStreamResponse(const AwsRequest& request, EventStreamProducer producer,
                                 EventStreamOptions options) {
  HttpResponse response;
  response.status = 200;
  response.headers.Set("content-type", "application/vnd.amazon.eventstream");
  response.headers.Set("x-amzn-RequestId", request.request_id);
  response.stream = MakeEventStreamBody(*request.codec, std::move(producer), options);
  return response;
}

}  // namespace millrace::net::aws
