// A streamed HTTP response whose body is an AWS event stream written by a producer coroutine,
// for operations such as Kinesis SubscribeToShard:
//
//   AwsRawOperation subscribe = [](const AwsRequest& r) -> awaitable<HttpResponse> {
//     ... validate, resolve the start position; errors: co_return AwsProtocol::ErrorResponse ...
//     co_return EventStreamResponse(r, [state](EventStreamWriter& out) -> awaitable<void> {
//       if (!co_await out.PushInitialResponse()) co_return;
//       while (...) { if (!co_await out.PushEvent("SubscribeToShardEvent", event)) co_return; }
//     });
//   };
//
// The producer starts when the connection first asks for body bytes and runs on the connection's
// strand, the same one that reads the body, so the queue between them needs no lock (whatever the
// producer awaits must resume it on its own executor, as every Asio awaitable does). Push waits
// while the queue is full (backpressure from the peer through HTTP/2 flow control) and returns
// false once the stream is over: the producer closed it, or the connection dropped the response.
// The response ends after the producer returns and its queued messages are sent; a producer that
// throws aborts the response (HTTP/2: RST_STREAM).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/value.h"
#include "net/aws/aws_error.h"
#include "net/http_message.h"

namespace millrace::net::aws {

class AwsBodyCodec;
struct AwsRequest;
struct EventStreamChannel;

struct EventStreamOptions {
  size_t max_queued_messages = 16;    // Push waits while this many messages are queued...
  size_t max_queued_bytes = 4 << 20;  // ...or this many bytes (one message is always accepted)
};

// The producer's end of the stream. Only valid inside the producer; use from its strand.
class EventStreamWriter {
 public:
  EventStreamWriter(std::shared_ptr<EventStreamChannel> channel, const AwsBodyCodec& codec);
  ~EventStreamWriter();
  EventStreamWriter(const EventStreamWriter&) = delete;
  EventStreamWriter& operator=(const EventStreamWriter&) = delete;

  // Queues one encoded event stream message. Returns false (and drops it) when the stream is
  // over; the producer should then return.
  boost::asio::awaitable<bool> Push(std::string message);
  // Encode with the request's codec and Push. An event too large to encode is an error the
  // producer must avoid by sizing batches; it ends the stream with an InternalFailure exception
  // message and returns false.
  boost::asio::awaitable<bool> PushInitialResponse(const Value& members = Value::MakeObject());
  boost::asio::awaitable<bool> PushEvent(std::string_view event_type, const Value& members);
  // Sends an exception message and closes the stream. Returns false if it could not be queued.
  // GCC 12 destroys a braced temporary in a co_await expression twice: do not write
  // `co_await out.PushException(AwsError{...})`; name the error or use an AwsError factory.
  boost::asio::awaitable<bool> PushException(const AwsError& error);

  // Ends the stream after the queued messages; later Pushes return false. Idempotent.
  void Close();
  // False once the stream is over (closed, or the connection dropped the response).
  bool open() const;
  // The request's body codec, which event payloads use.
  const AwsBodyCodec& codec() const { return codec_; }

 private:
  std::shared_ptr<EventStreamChannel> channel_;
  const AwsBodyCodec& codec_;
};

using EventStreamProducer = std::function<boost::asio::awaitable<void>(EventStreamWriter&)>;

// A 200 response, content-type application/vnd.amazon.eventstream, whose body is what `producer`
// pushes. The producer may outlive `request`: capture what it needs by value. The request's codec
// must outlive the producer (codecs live as long as the AwsProtocol).
HttpResponse EventStreamResponse(const AwsRequest& request, EventStreamProducer producer,
                                 EventStreamOptions options = {});

// The same body as a bare BodySource, for tests and non-AWS callers.
std::unique_ptr<BodySource> MakeEventStreamBody(const AwsBodyCodec& codec,
                                                EventStreamProducer producer,
                                                EventStreamOptions options = {});

}  // namespace millrace::net::aws
