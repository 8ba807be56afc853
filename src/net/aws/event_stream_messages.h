// The event stream messages an AWS event-stream operation (Kinesis SubscribeToShard) sends, with
// payloads in the request's body codec (JSON or CBOR):
//   initial-response: :message-type=event, :event-type=initial-response, payload = the
//                     operation's non-stream output members ({} for SubscribeToShard)
//   events:           :message-type=event, :event-type=<member name, e.g. SubscribeToShardEvent>,
//                     payload = the event structure's members
//   exceptions:       :message-type=exception, :exception-type=<__type>, payload = {"message"}
// Every message carries :content-type ("application/json" for the JSON codecs, the codec's own
// content type otherwise). Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "base/value.h"
#include "net/aws/aws_error.h"

namespace millrace::net::aws {

class AwsBodyCodec;

// The :content-type header value for payloads in `codec`'s encoding.
std::string_view EventPayloadContentType(const AwsBodyCodec& codec);

// Each returns one encoded message, or InvalidArgument when it would exceed the event stream
// limits (16 MiB per message): callers size their event batches below that.
Result<std::string> EncodeInitialResponse(const AwsBodyCodec& codec,
                                          const Value& members = Value::MakeObject());
Result<std::string> EncodeEvent(std::string_view event_type, const Value& members,
                                const AwsBodyCodec& codec);
Result<std::string> EncodeException(const AwsError& error, const AwsBodyCodec& codec);

}  // namespace millrace::net::aws
