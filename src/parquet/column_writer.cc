#include "parquet/column_writer.h"

#include <algorithm>
#include <set>

#include "parquet/compression.h"
#include "parquet/rle.h"

namespace millrace::parquet {

Status ColumnWriter::Add(int16_t rep, int16_t def, const Value* value) {
  if (column_.max_rep_level > 0) page_rep_.push_back(rep);
  page_def_.push_back(def);
  if (rep == 0) ++page_rows_;
  if (def < column_.max_def_level) {
    ++page_nulls_;
    return Status::Ok();
  }
  return BufferValue(*value);
}

Status ColumnWriter::EndRow() {
  if (DictionaryFull()) {
    // Pages end at row boundaries (DataPage V2 requires it), so the switch waits for one.
    MR_RETURN_IF_ERROR(FlushPage());
    FallBackToPlain();
    return Status::Ok();
  }
  if (PageValueBytes() + PageLevelBytes() >= options_.page_size) return FlushPage();
  return Status::Ok();
}

int64_t ColumnWriter::buffered_bytes() const {
  return chunk_bytes_ + DictionaryBytes() + PageValueBytes() +
         PageLevelBytes();
}

Status ColumnWriter::AppendPage(const PageHeader& header, std::string_view body,
                                int64_t uncompressed_body) {
  constexpr size_t kHeaderRoom = 256;  // a page header is smaller; if not, the block grows
  if (chunk_blocks_.empty() ||
      chunk_blocks_.back().capacity() - chunk_blocks_.back().size() < body.size() + kHeaderRoom) {
    size_t capacity = chunk_blocks_.empty()
                          ? kFirstBlockBytes
                          : std::min(kMaxBlockBytes, chunk_blocks_.back().capacity() * 2);
    chunk_blocks_.emplace_back();
    chunk_blocks_.back().reserve(std::max(capacity, body.size() + kHeaderRoom));
  }
  std::string& block = chunk_blocks_.back();
  size_t before = block.size();
  SerializePageHeader(header, &block);
  int64_t header_size = static_cast<int64_t>(block.size() - before);
  block.append(body);
  chunk_bytes_ += header_size + static_cast<int64_t>(body.size());
  chunk_uncompressed_ += header_size + uncompressed_body;
  return Status::Ok();
}

Status ColumnWriter::FlushPage() {
  if (page_def_.empty()) return Status::Ok();
  const bool v2 = options_.data_page_v2;
  // V1 compresses levels and values together; V2 keeps the levels apart, uncompressed.
  std::string& levels = v2 ? page_levels_ : page_raw_;
  levels.clear();
  page_raw_.clear();
  if (column_.max_rep_level > 0) EncodeLevels(page_rep_, column_.max_rep_level, !v2, &levels);
  size_t rep_bytes = levels.size();
  if (column_.max_def_level > 0) EncodeLevels(page_def_, column_.max_def_level, !v2, &levels);
  size_t def_bytes = levels.size() - rep_bytes;
  Encoding encoding = TakePageValues(&page_raw_);

  PageHeader header;
  std::string& body = page_body_;
  body.clear();
  int64_t uncompressed;
  const int32_t num_values = static_cast<int32_t>(page_def_.size());
  if (!v2) {
    uncompressed = static_cast<int64_t>(page_raw_.size());
    MR_RETURN_IF_ERROR(Compress(options_.codec, page_raw_, &body));
    header.type = PageType::kDataPage;
    header.data_page_header = DataPageHeader{.num_values = num_values, .encoding = encoding};
  } else {
    const std::string& values = page_raw_;
    body = levels;
    MR_RETURN_IF_ERROR(Compress(options_.codec, values, &body));
    uncompressed = static_cast<int64_t>(levels.size() + values.size());
    header.type = PageType::kDataPageV2;
    header.data_page_header_v2 = DataPageHeaderV2{
        .num_values = num_values,
        .num_nulls = page_nulls_,
        .num_rows = page_rows_,
        .encoding = encoding,
        .definition_levels_byte_length = static_cast<int32_t>(def_bytes),
        .repetition_levels_byte_length = static_cast<int32_t>(rep_bytes),
        .is_compressed = options_.codec != Codec::kUncompressed,
    };
    if (!header.data_page_header_v2->is_compressed) {
      body = levels + values;  // stored as is
    }
  }
  header.uncompressed_page_size = static_cast<int32_t>(uncompressed);
  header.compressed_page_size = static_cast<int32_t>(body.size());
  MR_RETURN_IF_ERROR(AppendPage(header, body, uncompressed));

  ++data_page_encodings_[encoding];
  chunk_values_ += num_values;
  chunk_nulls_ += page_nulls_;
  page_def_.clear();
  page_rep_.clear();
  page_nulls_ = 0;
  page_rows_ = 0;
  return Status::Ok();
}

Result<ColumnChunkBytes> ColumnWriter::FinishChunk() {
  MR_RETURN_IF_ERROR(FlushPage());
  ColumnChunkBytes chunk;
  ColumnMetaData& m = chunk.metadata;
  std::string dictionary;
  int32_t dictionary_count = TakeDictionary(&dictionary);
  int64_t uncompressed_total = chunk_uncompressed_;
  int64_t dictionary_bytes = 0;
  std::set<Encoding> encodings;
  if (dictionary_count > 0) {
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.dictionary_page_header =
        DictionaryPageHeader{.num_values = dictionary_count, .encoding = Encoding::kPlain};
    std::string body;
    MR_RETURN_IF_ERROR(Compress(options_.codec, dictionary, &body));
    header.uncompressed_page_size = static_cast<int32_t>(dictionary.size());
    header.compressed_page_size = static_cast<int32_t>(body.size());
    std::string page;
    SerializePageHeader(header, &page);
    uncompressed_total += static_cast<int64_t>(page.size() + dictionary.size());
    page += body;
    dictionary_bytes = static_cast<int64_t>(page.size());
    chunk.pieces.push_back(std::move(page));
    m.dictionary_page_offset = 0;
    m.encoding_stats.push_back({PageType::kDictionaryPage, Encoding::kPlain, 1});
    encodings.insert(Encoding::kPlain);
  }
  m.data_page_offset = dictionary_bytes;
  for (std::string& block : chunk_blocks_) chunk.pieces.push_back(std::move(block));
  for (auto [encoding, count] : data_page_encodings_) {
    encodings.insert(encoding);
    m.encoding_stats.push_back(
        {options_.data_page_v2 ? PageType::kDataPageV2 : PageType::kDataPage, encoding, count});
  }
  if (column_.max_def_level > 0 || column_.max_rep_level > 0) encodings.insert(Encoding::kRle);
  m.type = column_.node->physical_type;
  m.encodings.assign(encodings.begin(), encodings.end());
  m.path_in_schema = column_.path;
  m.codec = options_.codec;
  m.num_values = chunk_values_;
  m.total_uncompressed_size = uncompressed_total;
  m.total_compressed_size = dictionary_bytes + chunk_bytes_;
  Statistics stats;
  stats.null_count = chunk_nulls_;
  TakeStatistics(&stats);
  m.statistics = std::move(stats);

  chunk_blocks_.clear();
  chunk_bytes_ = 0;
  chunk_values_ = 0;
  chunk_nulls_ = 0;
  chunk_uncompressed_ = 0;
  data_page_encodings_.clear();
  return chunk;
}

}  // namespace millrace::parquet
