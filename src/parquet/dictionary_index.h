// DictionaryIndex: maps the bit patterns of fixed-width values (up to 8 bytes) to dictionary
// positions. Open addressing with linear probing keeps dictionary encoding of numbers cheap
// (std::unordered_map allocates a node per entry). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
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

// BytesDictionaryIndex: the same for byte strings. Keys live once, in an arena of the index's
// own; slots hold a hash, the key's place in the arena and a position, so inserting allocates
// nothing per entry.
// Not thread-safe.
class BytesDictionaryIndex {
 public:
  BytesDictionaryIndex() { Reset(); }

  uint32_t FindOrInsert(std::string_view key, bool* inserted) {
    return FindOrInsert(key, HashBytes(key), inserted);
  }
  // The same with the key's hash given. REQUIRES: hash == HashBytes(key).
  uint32_t FindOrInsert(std::string_view key, uint64_t hash, bool* inserted) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.position == kEmpty) {
        slot.hash = hash;
        slot.offset = arena_.size();
        slot.length = static_cast<uint32_t>(key.size());
        slot.position = static_cast<uint32_t>(entries_.size());
        entries_.push_back({arena_.size(), key.size()});
        arena_.append(key);
        *inserted = true;
        return slot.position;
      }
      // The slot holds the key's place in the arena: one memory access less than via entries_.
      if (slot.hash == hash && slot.length == key.size() &&
          std::memcmp(arena_.data() + slot.offset, key.data(), key.size()) == 0) {
        *inserted = false;
        return slot.position;
      }
    }
  }

  // Starts loading the slot a key of this hash probes first: callers hash a few keys ahead so
  // that lookups in a large dictionary do not each wait for memory.
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }

  uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }
  // A fast inline hash of short byte strings (8 bytes per step, then the tail).
  static uint64_t HashBytes(std::string_view key) {
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    uint64_t h = key.size() * kMul;
    size_t i = 0;
    for (; i + 8 <= key.size(); i += 8) {
      uint64_t word;
      std::memcpy(&word, key.data() + i, 8);
      h = (h ^ word) * kMul;
      h ^= h >> 29;
    }
    uint64_t tail = 0;
    for (size_t shift = 0; i < key.size(); ++i, shift += 8) {
      tail |= static_cast<uint64_t>(static_cast<uint8_t>(key[i])) << shift;
    }
    h = (h ^ tail) * kMul;
    h ^= h >> 32;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }
  std::string_view Key(uint32_t position) const {
    return std::string_view(arena_).substr(entries_[position].offset, entries_[position].length);
  }
  void Reset() {
    slots_.assign(kInitialSlots, Slot{});
    entries_.clear();
    arena_.clear();
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr size_t kInitialSlots = 64;
  struct Slot {
    uint64_t hash = 0;
    uint64_t offset = 0;  // of the key in arena_
    uint32_t length = 0;  // of the key (Parquet byte arrays are shorter than 2^31)
    uint32_t position = kEmpty;
  };
  struct Entry {
    size_t offset;
    size_t length;
  };

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.position == kEmpty) continue;
      size_t i = s.hash & mask;
      while (slots_[i].position != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::string arena_;
};

}  // namespace millrace::parquet
