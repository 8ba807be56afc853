// The two ways millrace reaches a transform: an HTTP POST of the event JSON (any server, including
// the AWS Lambda Runtime Interface Emulator's invocation URL), or a local command that reads the
// event on stdin and writes the response on stdout. Both block the calling thread (run them off
// the event loop, e.g. with net::RunBlocking) and are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::firehose {

// POSTs `body` (application/json) to `url` and returns the response body of a 200 answer.
// Errors: Timeout past `timeout`; Unavailable when the connection fails; Internal for any other
// status, or a 200 carrying X-Amz-Function-Error, with the status and the start of the body;
// ResourceExhausted for a response over `max_response_bytes`.
Result<std::string> PostJson(const std::string& url, std::string_view body,
                             std::chrono::milliseconds timeout, size_t max_response_bytes);

// Runs `/bin/sh -c command` in its own process group, writes `input` to its stdin, and returns its
// stdout once it exits with status 0. Errors: Timeout past `timeout` (the whole process group is
// killed); Internal for a non-zero exit or a signal, with the end of its stderr;
// ResourceExhausted for stdout over `max_output_bytes` (the process is killed); IOError when it
// cannot be started.
Result<std::string> RunCommand(const std::string& command, std::string_view input,
                               std::chrono::milliseconds timeout, size_t max_output_bytes);

}  // namespace millrace::firehose
