// MD5 (S3 ETags, Content-MD5) and SHA-256 (sidecar file names), incremental where S3 needs it.
// A Md5 object is single-threaded; the functions are thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace millrace::lake {

class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void Update(std::string_view bytes);
  // The 16-byte digest. REQUIRES: called once.
  std::string Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string Md5Of(std::string_view bytes);   // 16 raw bytes
std::string Sha256Hex(std::string_view bytes);
std::string HexOf(std::string_view bytes);   // lower-case

}  // namespace millrace::lake
