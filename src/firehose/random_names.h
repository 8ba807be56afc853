// Random strings for object names and prefixes: `!{firehose:random-string}` and the UUID in every
// object name. Thread-safe (one generator per thread, seeded from std::random_device).
#pragma once

#include <string>

namespace millrace::firehose {

// 11 characters from [0-9a-zA-Z], new on every call.
std::string RandomPrefixString();

// A random (version 4) UUID in its 36-character lower-case form.
std::string RandomUuidV4();

}  // namespace millrace::firehose
