// Request ids for x-amzn-RequestId: random (version 4) UUIDs in the usual 8-4-4-4-12 hex form.
#pragma once

#include <string>

namespace millrace::net::aws {

// Thread-safe; each thread draws from its own generator.
std::string NewRequestId();

}  // namespace millrace::net::aws
