// ColumnWriter: buffers one leaf column of the current row group as encoded, compressed pages.
// The base class owns levels, page framing (DataPage V1 or V2), compression and the chunk's
// metadata; one subclass per physical type family encodes values and keeps statistics.
// Not thread-safe; one per leaf column, owned by a FileWriter.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "parquet/column_batch.h"
#include "parquet/metadata.h"
#include "parquet/rle.h"
#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet {

struct ColumnWriterOptions {
  Codec codec = Codec::kSnappy;
  bool dictionary = true;
  int64_t page_size = 1 << 20;                   // target uncompressed bytes per data page
  int64_t dictionary_page_size_limit = 1 << 20;  // past this, fall back to PLAIN
  bool data_page_v2 = false;
};

// After this many dictionary-encoded values in a chunk, a dictionary holding more than half as
// many distinct values is judged not worth it: the chunk falls back to PLAIN at the next row end.
inline constexpr int64_t kDictionaryProbeValues = 8192;

// A finished column chunk: its bytes, as `pieces` to be written one after the other (kept apart
// so that no page is copied again), and its metadata, with offsets relative to the first byte.
struct ColumnChunkBytes {
  std::vector<std::string> pieces;
  ColumnMetaData metadata;
};

class ColumnWriter {
 public:
  // REQUIRES: `column.node` outlives the writer.
  static std::unique_ptr<ColumnWriter> Make(const ColumnDescriptor& column,
                                            const ColumnWriterOptions& options);
  virtual ~ColumnWriter() = default;

  // Adds one level entry. REQUIRES: `value` is non-null exactly when def == max_def_level and
  // has a kind the column accepts (the FileWriter validates rows before shredding them).
  Status Add(int16_t rep, int16_t def, const Value* value);
  // Closes the current page if it reached the page size. Call only between rows.
  Status EndRow();
  // Adds rows [begin, end) of a flat column: the same pages as Add + EndRow per row, without a
  // virtual call or an allocation per value. REQUIRES: this writer's leaf is a top-level,
  // non-repeated column of column.type(); a required column has no null rows; FIXED_LEN_BYTE_ARRAY
  // values have the type's length.
  virtual Status WriteFlat(const FlatColumn& column, size_t begin, size_t end) = 0;
  // Estimated bytes of the chunk so far (closed pages, dictionary, open page).
  int64_t buffered_bytes() const;
  // Closes the last page and hands over the chunk; the writer then starts a new, empty chunk.
  Result<ColumnChunkBytes> FinishChunk();

 protected:
  ColumnWriter(const ColumnDescriptor& column, const ColumnWriterOptions& options)
      : column_(column),
        options_(options),
        level_bits_(BitWidthFor(column.max_def_level) + BitWidthFor(column.max_rep_level)) {}

  // Buffers one non-null value of the open page and updates statistics.
  virtual Status BufferValue(const Value& value) = 0;
  // Encoded size so far of the open page's values.
  virtual int64_t PageValueBytes() const = 0;
  // Appends the open page's values to `*out`, clears them, and returns the encoding used.
  virtual Encoding TakePageValues(std::string* out) = 0;
  // True once the dictionary outgrew its limit; at the next row end the base closes the page
  // and calls FallBackToPlain(), after which values are buffered PLAIN until the chunk ends.
  virtual bool DictionaryFull() const { return false; }
  virtual void FallBackToPlain() {}
  // Appends the PLAIN dictionary and returns its entry count, or 0 if the chunk has none.
  virtual int32_t TakeDictionary(std::string* /*out*/) { return 0; }
  virtual int64_t DictionaryBytes() const { return 0; }
  // Sets min_value/max_value (PLAIN bytes) if the chunk had values, then resets them.
  virtual void TakeStatistics(Statistics* stats) = 0;

  // The level entry of one flat row (rep 0; def max or, for a null, max - 1).
  [[gnu::always_inline]] void AddFlatLevel(bool present) {
    page_def_.push_back(present ? column_.max_def_level
                                : static_cast<int16_t>(column_.max_def_level - 1));
    ++page_rows_;
    page_nulls_ += !present;
  }
  // True when an open page of `value_bytes` encoded values has reached the page size.
  bool PageFull(int64_t value_bytes) const {
    return value_bytes + PageLevelBytes() >= options_.page_size;
  }
  // Estimated encoded size of the open page's levels.
  int64_t PageLevelBytes() const {
    return static_cast<int64_t>(page_def_.size()) * level_bits_ / 8;
  }
  // Encodes, compresses and appends the open page (no-op when empty).
  Status FlushPage();

  const ColumnDescriptor column_;
  const ColumnWriterOptions options_;

 private:
  Status AppendPage(const PageHeader& header, std::string_view body, int64_t uncompressed_body);

  const int level_bits_;  // bits per level entry: def width + rep width
  std::vector<int16_t> page_rep_;
  std::vector<int16_t> page_def_;
  int32_t page_nulls_ = 0;
  int32_t page_rows_ = 0;

  // Scratch of FlushPage, kept to reuse its capacity: the raw page (V1) or values (V2), the
  // levels (V2) and the page body.
  std::string page_raw_;
  std::string page_levels_;
  std::string page_body_;

  // The closed pages of the chunk, in blocks that grow geometrically (up to kMaxBlockBytes)
  // instead of one string that is copied as it grows.
  static constexpr size_t kFirstBlockBytes = 64 << 10;
  static constexpr size_t kMaxBlockBytes = 8 << 20;
  std::vector<std::string> chunk_blocks_;
  int64_t chunk_bytes_ = 0;
  int64_t chunk_values_ = 0;  // level entries
  int64_t chunk_nulls_ = 0;
  int64_t chunk_uncompressed_ = 0;  // data pages, headers included
  std::map<Encoding, int32_t> data_page_encodings_;
};

}  // namespace millrace::parquet
