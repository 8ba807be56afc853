#include "parquet/dictionary_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace millrace::parquet {
namespace {

TEST(DictionaryIndex, AgreesWithAMapThroughGrowthAndReset) {
  DictionaryIndex index;
  std::unordered_map<uint64_t, uint32_t> reference;
  std::mt19937_64 rng(3);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 50000; ++i) {
      uint64_t key = (i % 3 == 0) ? rng() : rng() % 5000;  // repeats and fresh keys
      bool inserted = false;
      uint32_t position = index.FindOrInsert(key, &inserted);
      auto [it, fresh] = reference.try_emplace(key, static_cast<uint32_t>(reference.size()));
      ASSERT_EQ(inserted, fresh);
      ASSERT_EQ(position, it->second);
    }
    EXPECT_EQ(index.size(), reference.size());
    index.Reset();
    reference.clear();
    EXPECT_EQ(index.size(), 0u);
  }
}

TEST(BytesDictionaryIndex, AgreesWithAMapThroughGrowthAndReset) {
  BytesDictionaryIndex index;
  std::unordered_map<std::string, uint32_t> reference;
  std::mt19937_64 rng(5);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 30000; ++i) {
      std::string key = (i % 3 == 0) ? std::to_string(rng()) : "k" + std::to_string(rng() % 3000);
      if (i % 1000 == 0) key.clear();  // the empty string is a key like any other
      bool inserted = false;
      uint32_t position = index.FindOrInsert(key, &inserted);
      auto [it, fresh] = reference.try_emplace(key, static_cast<uint32_t>(reference.size()));
      ASSERT_EQ(inserted, fresh);
      ASSERT_EQ(position, it->second);
      ASSERT_EQ(index.Key(position), key);
    }
    EXPECT_EQ(index.size(), reference.size());
    index.Reset();
    reference.clear();
    EXPECT_EQ(index.size(), 0u);
  }
}

}  // namespace
}  // namespace millrace::parquet
