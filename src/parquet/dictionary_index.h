// DictionaryIndex: maps the bit patterns of fixed-width values (up to 8 bytes) to dictionary
// positions. Open addressing with linear probing keeps dictionary encoding of numbers cheap
// (std::unordered_map allocates a node per entry). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace millrace::parquet {

class DictionaryIndex {
 public:
  DictionaryIndex() { Reset(); }

  // Returns the position of `key`, inserting it as position size() if new; `*inserted` tells.
  uint32_t FindOrInsert(uint64_t key, bool* inserted) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.position == kEmpty) {
        slot.key = key;
        slot.position = size_++;
        *inserted = true;
        return slot.position;
      }
      if (slot.key == key) {
        *inserted = false;
        return slot.position;
      }
    }
  }

  uint32_t size() const { return size_; }
  void Reset() {
    slots_.assign(kInitialSlots, Slot{});
    size_ = 0;
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr size_t kInitialSlots = 64;
  struct Slot {
    uint64_t key = 0;
    uint32_t position = kEmpty;
  };

  static size_t Hash(uint64_t key) {
    // A 64-bit mix (the finalizer of MurmurHash3) spreads patterns such as small integers.
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ULL;
    key ^= key >> 33;
    return static_cast<size_t>(key);
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.position == kEmpty) continue;
      size_t i = Hash(s.key) & mask;
      while (slots_[i].position != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  uint32_t size_ = 0;
};

}  // namespace millrace::parquet
