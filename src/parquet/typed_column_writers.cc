// The ColumnWriter subclasses, one per physical type family: BOOLEAN; fixed-width numbers
// (INT32, INT64, FLOAT, DOUBLE); byte arrays (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY). Numbers and byte
// arrays dictionary-encode (RLE_DICTIONARY) until the dictionary passes its size limit.
#include <cmath>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "base/endian.h"
#include "parquet/column_writer.h"
#include "parquet/dictionary_index.h"
#include "parquet/rle.h"
#include "parquet/statistics.h"

namespace millrace::parquet {

namespace {

template <typename T>
void AppendLE(T v, std::string* out) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));  // little-endian hosts (checked in column_values.cc)
  out->append(buf, sizeof(T));
}

// Statistics order of a column (parquet.thrift ColumnOrder / LogicalTypes.md sort orders).
enum class SortOrder : uint8_t { kSigned, kUnsigned };

SortOrder OrderFor(const SchemaNode& node) {
  const LogicalTypeInfo& lt = node.logical_type;
  if (lt.kind == LogicalTypeInfo::Kind::kInteger && !lt.is_signed) return SortOrder::kUnsigned;
  if (node.physical_type == PhysicalType::kByteArray ||
      node.physical_type == PhysicalType::kFixedLenByteArray) {
    return lt.kind == LogicalTypeInfo::Kind::kDecimal ? SortOrder::kSigned : SortOrder::kUnsigned;
  }
  return SortOrder::kSigned;
}

// ---- BOOLEAN ----

class BooleanColumnWriter final : public ColumnWriter {
 public:
  BooleanColumnWriter(const ColumnDescriptor& column, const ColumnWriterOptions& options)
      : ColumnWriter(column, options) {}

 protected:
  Status BufferValue(const Value& value) override {
    Buffer(value.bool_value());
    return Status::Ok();
  }
  Status WriteFlat(const FlatColumn& column, size_t begin, size_t end) override {
    const uint8_t* values = column.bools();
    for (size_t r = begin; r < end; ++r) {
      const bool present = column.present(r);
      AddFlatLevel(present);
      if (present) Buffer(values[r] != 0);
      if (PageFull(static_cast<int64_t>(page_.size()))) MR_RETURN_IF_ERROR(FlushPage());
    }
    return Status::Ok();
  }
  int64_t PageValueBytes() const override { return static_cast<int64_t>(page_.size()); }
  Encoding TakePageValues(std::string* out) override {
    out->append(page_);
    page_.clear();
    bits_in_byte_ = 0;
    return Encoding::kPlain;
  }
  void TakeStatistics(Statistics* stats) override {
    if (seen_false_ || seen_true_) {
      stats->min_value = std::string(1, seen_false_ ? '\0' : '\1');
      stats->max_value = std::string(1, seen_true_ ? '\1' : '\0');
    }
    seen_false_ = seen_true_ = false;
  }

 private:
  void Buffer(bool b) {
    if (bits_in_byte_ == 0) page_.push_back(0);
    if (b) page_.back() = static_cast<char>(page_.back() | (1 << bits_in_byte_));
    bits_in_byte_ = (bits_in_byte_ + 1) % 8;
    seen_false_ |= !b;
    seen_true_ |= b;
  }

  std::string page_;
  int bits_in_byte_ = 0;
  bool seen_false_ = false;
  bool seen_true_ = false;
};

// ---- INT32, INT64, FLOAT, DOUBLE ----

template <typename T>
T NumberFrom(const Value& v) {
  if constexpr (std::is_same_v<T, int32_t>) {
    return v.int32_value();
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return v.kind() == Value::Kind::kInt32 ? v.int32_value() : v.int64_value();
  } else if constexpr (std::is_same_v<T, float>) {
    return v.float_value();
  } else {
    return v.kind() == Value::Kind::kFloat ? v.float_value() : v.double_value();
  }
}

// The dictionary-or-PLAIN page state that number and byte-array writers share: a dictionary of
// distinct values with the indices of one page, or PLAIN bytes once the dictionary is dropped.
template <typename Index>
class DictionaryColumnWriter : public ColumnWriter {
 public:
  DictionaryColumnWriter(const ColumnDescriptor& column, const ColumnWriterOptions& options)
      : ColumnWriter(column, options), use_dictionary_(options.dictionary) {}

 protected:
  int64_t PageValueBytes() const override {
    return static_cast<int64_t>(plain_.size() +
                                indices_.size() * (BitWidthFor(index_.size()) + 7) / 8);
  }
  Encoding TakePageValues(std::string* out) override {
    if (indices_.empty()) {
      out->append(plain_);
      plain_.clear();
      return Encoding::kPlain;
    }
    int width = std::max(1, BitWidthFor(index_.size() - 1));
    out->push_back(static_cast<char>(width));
    RleEncode(indices_.data(), indices_.size(), width, out);
    indices_.clear();
    return Encoding::kRleDictionary;
  }
  bool DictionaryFull() const override {
    return use_dictionary_ &&
           (mostly_distinct_ ||
            static_cast<int64_t>(dictionary_.size()) > options_.dictionary_page_size_limit);
  }
  void FallBackToPlain() override { use_dictionary_ = false; }
  // EndRow() without virtual calls, for WriteFlat.
  Status EndFlatRow() {
    if (DictionaryColumnWriter::DictionaryFull()) {
      MR_RETURN_IF_ERROR(FlushPage());
      use_dictionary_ = false;
      return Status::Ok();
    }
    if (PageFull(DictionaryColumnWriter::PageValueBytes())) return FlushPage();
    return Status::Ok();
  }
  int32_t TakeDictionary(std::string* out) override {
    int32_t count = static_cast<int32_t>(index_.size());
    out->append(dictionary_);
    dictionary_.clear();
    index_.Reset();
    use_dictionary_ = options_.dictionary;
    dictionary_values_ = 0;
    mostly_distinct_ = false;
    return count;
  }
  int64_t DictionaryBytes() const override { return static_cast<int64_t>(dictionary_.size()); }

  bool use_dictionary_;
  int64_t dictionary_values_ = 0;  // values dictionary-encoded in this chunk
  bool mostly_distinct_ = false;   // the probe found the dictionary not worth keeping
  Index index_;
  std::string dictionary_;
  std::vector<uint32_t> indices_;
  std::string plain_;
};

template <typename T>
class NumberColumnWriter final : public DictionaryColumnWriter<DictionaryIndex> {
  // Dictionary keys are the value's bits, so -0.0 and NaN payloads survive exactly.
  using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;

 public:
  NumberColumnWriter(const ColumnDescriptor& column, const ColumnWriterOptions& options)
      : DictionaryColumnWriter<DictionaryIndex>(column, options), order_(OrderFor(*column.node)) {}

 protected:
  Status BufferValue(const Value& value) override {
    Buffer(NumberFrom<T>(value));
    return Status::Ok();
  }
  Status WriteFlat(const FlatColumn& column, size_t begin, size_t end) override {
    const T* values = FlatValues(column);
    for (size_t r = begin; r < end; ++r) {
      const bool present = column.present(r);
      AddFlatLevel(present);
      if (present) Buffer(values[r]);
      MR_RETURN_IF_ERROR(EndFlatRow());
    }
    return Status::Ok();
  }
  void TakeStatistics(Statistics* stats) override {
    if (min_) {
      T lo = *min_, hi = *max_;
      if constexpr (std::is_floating_point_v<T>) {
        // Readers cannot tell +0 from -0 in statistics; widen so both are covered.
        if (lo == 0) lo = -static_cast<T>(0);
        if (hi == 0) hi = static_cast<T>(0);
      }
      stats->min_value.emplace();
      stats->max_value.emplace();
      AppendLE(lo, &*stats->min_value);
      AppendLE(hi, &*stats->max_value);
    }
    min_.reset();
    max_.reset();
  }

 private:
  static const T* FlatValues(const FlatColumn& column) {
    if constexpr (std::is_same_v<T, int32_t>) {
      return column.int32s();
    } else if constexpr (std::is_same_v<T, int64_t>) {
      return column.int64s();
    } else if constexpr (std::is_same_v<T, float>) {
      return column.floats();
    } else {
      return column.doubles();
    }
  }
  void Buffer(T v) {
    UpdateStats(v);
    if (use_dictionary_) {
      Bits bits;
      std::memcpy(&bits, &v, sizeof(T));
      bool inserted = false;
      uint32_t position = index_.FindOrInsert(bits, &inserted);
      if (inserted) AppendLE(v, &dictionary_);
      indices_.push_back(position);
      if (++dictionary_values_ == kDictionaryProbeValues) {
        mostly_distinct_ = static_cast<int64_t>(index_.size()) * 2 > kDictionaryProbeValues;
      }
    } else {
      AppendLE(v, &plain_);
    }
  }
  bool Less(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      if (order_ == SortOrder::kUnsigned) {
        return static_cast<std::make_unsigned_t<T>>(a) < static_cast<std::make_unsigned_t<T>>(b);
      }
    }
    return a < b;
  }
  void UpdateStats(T v) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) return;  // NaN has no place in min/max
    }
    if (!min_ || Less(v, *min_)) min_ = v;
    if (!max_ || Less(*max_, v)) max_ = v;
  }

  const SortOrder order_;
  std::optional<T> min_, max_;
};

// ---- BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY ----

class ByteArrayColumnWriter final : public DictionaryColumnWriter<BytesDictionaryIndex> {
 public:
  ByteArrayColumnWriter(const ColumnDescriptor& column, const ColumnWriterOptions& options)
      : DictionaryColumnWriter<BytesDictionaryIndex>(column, options),
        fixed_(column.node->physical_type == PhysicalType::kFixedLenByteArray),
        order_(OrderFor(*column.node)) {}

 protected:
  Status BufferValue(const Value& value) override {
    Buffer(value.bytes());
    return Status::Ok();
  }
  Status WriteFlat(const FlatColumn& column, size_t begin, size_t end) override {
    // Values are hashed kAhead rows early and their first slot prefetched: a dictionary of
    // thousands of entries otherwise costs a cache miss per value.
    constexpr size_t kAhead = 8;
    if (!use_dictionary_) {  // stays so until the chunk ends
      for (size_t r = begin; r < end; ++r) {
        const bool present = column.present(r);
        AddFlatLevel(present);
        if (present) Buffer(column.bytes(r), 0);
        if (PageFull(DictionaryColumnWriter::PageValueBytes())) MR_RETURN_IF_ERROR(FlushPage());
      }
      return Status::Ok();
    }
    uint64_t hashes[kAhead];
    for (size_t r = begin; r < std::min(end, begin + kAhead); ++r) {
      hashes[r % kAhead] = BytesDictionaryIndex::HashBytes(column.bytes(r));
      index_.Prefetch(hashes[r % kAhead]);
    }
    for (size_t r = begin; r < end; ++r) {
      const uint64_t hash = hashes[r % kAhead];
      if (r + kAhead < end) {
        hashes[r % kAhead] = BytesDictionaryIndex::HashBytes(column.bytes(r + kAhead));
        index_.Prefetch(hashes[r % kAhead]);
      }
      const bool present = column.present(r);
      AddFlatLevel(present);
      if (present) Buffer(column.bytes(r), hash);
      MR_RETURN_IF_ERROR(EndFlatRow());
    }
    return Status::Ok();
  }
  void TakeStatistics(Statistics* stats) override {
    // Long values would bloat the footer; like other writers, leave min/max out then.
    if (has_stats_ && min_.size() <= kMaxStatisticsBytes && max_.size() <= kMaxStatisticsBytes) {
      stats->min_value = std::move(min_);
      stats->max_value = std::move(max_);
    }
    has_stats_ = false;
    min_.clear();
    max_.clear();
  }

 private:
  void Buffer(std::string_view v) {
    Buffer(v, use_dictionary_ ? BytesDictionaryIndex::HashBytes(v) : 0);
  }
  // REQUIRES: hash == BytesDictionaryIndex::HashBytes(v) when the dictionary is in use.
  void Buffer(std::string_view v, uint64_t hash) {
    if (use_dictionary_) {
      bool inserted = false;
      uint32_t position = index_.FindOrInsert(v, hash, &inserted);
      // Every value of a dictionary-encoded page is a dictionary entry: statistics need only
      // see each entry once.
      if (inserted) {
        UpdateStats(v);
        AppendPlain(v, &dictionary_);
      }
      indices_.push_back(position);
      if (++dictionary_values_ == kDictionaryProbeValues) {
        mostly_distinct_ = static_cast<int64_t>(index_.size()) * 2 > kDictionaryProbeValues;
      }
    } else {
      UpdateStats(v);
      AppendPlain(v, &plain_);
    }
  }
  void AppendPlain(std::string_view v, std::string* out) const {
    if (!fixed_) AppendLE(static_cast<uint32_t>(v.size()), out);
    out->append(v);
  }
  int Compare(std::string_view a, std::string_view b) const {
    if (order_ == SortOrder::kSigned) return CompareSignedBigEndian(a, b);
    // Most comparisons are settled by the first byte: skip the call to memcmp for them.
    if (!a.empty() && !b.empty() && a[0] != b[0]) {
      return static_cast<uint8_t>(a[0]) < static_cast<uint8_t>(b[0]) ? -1 : 1;
    }
    return a.compare(b);  // char_traits<char> compares as unsigned bytes
  }
  void UpdateStats(std::string_view v) {
    if (!has_stats_) {
      min_ = max_ = v;
      has_stats_ = true;
      return;
    }
    if (Compare(v, min_) < 0) min_ = v;
    if (Compare(max_, v) < 0) max_ = v;
  }

  const bool fixed_;
  const SortOrder order_;
  bool has_stats_ = false;
  std::string min_, max_;
};

}  // namespace

std::unique_ptr<ColumnWriter> ColumnWriter::Make(const ColumnDescriptor& column,
                                                 const ColumnWriterOptions& options) {
  switch (column.node->physical_type) {
    case PhysicalType::kBoolean:
      return std::make_unique<BooleanColumnWriter>(column, options);
    case PhysicalType::kInt32:
      return std::make_unique<NumberColumnWriter<int32_t>>(column, options);
    case PhysicalType::kInt64:
      return std::make_unique<NumberColumnWriter<int64_t>>(column, options);
    case PhysicalType::kFloat:
      return std::make_unique<NumberColumnWriter<float>>(column, options);
    case PhysicalType::kDouble:
      return std::make_unique<NumberColumnWriter<double>>(column, options);
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      return std::make_unique<ByteArrayColumnWriter>(column, options);
    case PhysicalType::kInt96:
      break;
  }
  return nullptr;  // INT96 is never written; Schema::Make rejects nothing else
}

}  // namespace millrace::parquet
