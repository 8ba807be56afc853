#include "net/aws/event_stream_messages.h"

#include "net/aws/aws_codec.h"
#include "net/aws/event_stream.h"

namespace millrace::net::aws {
namespace {

Result<std::string> Encode(std::string_view message_type, std::string_view type_header,
                           std::string_view type, const Value& payload, const AwsBodyCodec& codec) {
  EventMessage message;
  message.headers.push_back({":message-type", std::string(message_type)});
  message.headers.push_back({std::string(type_header), std::string(type)});
  message.headers.push_back({":content-type", std::string(EventPayloadContentType(codec))});
  message.payload = codec.Encode(payload);
  return EncodeEventMessage(message);
}

}  // namespace

std::string_view EventPayloadContentType(const AwsBodyCodec& codec) {
  std::string_view type = codec.content_type();
  if (type.starts_with("application/x-amz-json-")) return "application/json";
  return type;
}

Result<std::string> EncodeInitialResponse(const AwsBodyCodec& codec, const Value& members) {
  return Encode("event", ":event-type", "initial-response", members, codec);
}

Result<std::string> EncodeEvent(std::string_view event_type, const Value& members,
                                const AwsBodyCodec& codec) {
  return Encode("event", ":event-type", event_type, members, codec);
}

Result<std::string> EncodeException(const AwsError& error, const AwsBodyCodec& codec) {
  Value payload = Value::MakeObject();
  payload.Set("message", error.message);
  return Encode("exception", ":exception-type", error.type, payload, codec);
}

}  // namespace millrace::net::aws
