// GatherFrame: a response frame written with gather I/O, its large byte fields (Fetch record
// sets) left out of the frame's own bytes and sent from where they already are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka {

// Bytes [position, position + length) of an open file, sent with sendfile(2). The descriptor
// is borrowed: the frame's `owner` keeps it open.
struct FileSlice {
  int fd = -1;
  uint64_t position = 0;
  size_t length = 0;
};

// `bytes` with each reference's bytes spliced in at its offset: a memory reference's
// `bytes`, or for an external reference the next entry of `files` (in order, one each, with
// the reference's length). `owner` keeps the referenced memory and files alive until written.
struct GatherFrame {
  std::string bytes;
  std::vector<WireWriter::Reference> references;
  std::vector<FileSlice> files;
  std::shared_ptr<const void> owner;
};

}  // namespace millrace::kafka
