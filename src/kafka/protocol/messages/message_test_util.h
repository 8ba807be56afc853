// Test helpers shared by the message codec tests: round trips, truncation and corruption sweeps.
#pragma once

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "kafka/protocol/api_versions.h"
#include "kafka/protocol/wire_reader.h"
#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka::testing {

inline std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

template <typename T>
std::string EncodeMessage(const T& message, int16_t version) {
  WireWriter w;
  const Status s = message.Encode(w, version);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return w.Release();
}

// Decodes `bytes` as a whole message: decoding must succeed and consume every byte.
template <typename T>
T DecodeMessage(std::string_view bytes, int16_t version) {
  T out;
  WireReader r(bytes);
  const Status s = out.Decode(r, version);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(r.remaining(), 0u) << "trailing bytes after v" << version;
  return out;
}

// encode -> decode -> encode gives the same bytes; every strict prefix fails to decode; and
// random single-byte corruptions never crash the decoder (the sanitizers watch for that).
// Returns the decoded message so callers can check field values.
template <typename T>
T ExpectRoundTrip(const T& message, int16_t version) {
  SCOPED_TRACE(::testing::Message() << "version " << version);
  const std::string bytes = EncodeMessage(message, version);
  T decoded = DecodeMessage<T>(bytes, version);
  EXPECT_EQ(EncodeMessage(decoded, version), bytes);

  for (size_t len = 0; len < bytes.size(); ++len) {
    T partial;
    WireReader r(std::string_view(bytes).substr(0, len));
    EXPECT_FALSE(partial.Decode(r, version).ok()) << "prefix of " << len << " bytes decoded";
  }

  std::mt19937 rng(static_cast<uint32_t>(bytes.size() * 31 + static_cast<size_t>(version)));
  for (int i = 0; i < 200 && !bytes.empty(); ++i) {
    std::string corrupt = bytes;
    corrupt[rng() % corrupt.size()] = static_cast<char>(rng());
    T junk;
    WireReader r(corrupt);
    (void)junk.Decode(r, version);
  }
  return decoded;
}

// ExpectRoundTrip at every advertised version of `key`, and refusal of versions just outside.
template <typename T>
void ExpectRoundTripAllVersions(const T& message, ApiKey key) {
  const auto range = FindSupportedApi(key);
  ASSERT_TRUE(range.has_value());
  for (int16_t v = range->min_version; v <= range->max_version; ++v) ExpectRoundTrip(message, v);
  for (int16_t v : {static_cast<int16_t>(range->min_version - 1),
                    static_cast<int16_t>(range->max_version + 1)}) {
    WireWriter w;
    EXPECT_FALSE(message.Encode(w, v).ok()) << "encoded v" << v;
    T out;
    const std::string some(64, '\0');
    WireReader r(some);
    EXPECT_FALSE(out.Decode(r, v).ok()) << "decoded v" << v;
  }
}

}  // namespace millrace::kafka::testing
