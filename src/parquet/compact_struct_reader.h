// Helpers for parsing Thrift compact structs into the metadata structs; shared by the footer
// and the page header parsers. Internal to src/parquet.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "parquet/metadata.h"
#include "parquet/thrift_compact.h"

namespace millrace::parquet::compact_read {

// Calls `on_field(header)` for each field of the struct that starts at the decoder's position.
// `on_field` must consume the value (or skip it).
template <typename Fn>
Status ReadStruct(CompactDecoder& dec, Fn&& on_field) {
  MR_RETURN_IF_ERROR(dec.BeginStruct());
  while (true) {
    CompactFieldHeader h;
    MR_RETURN_IF_ERROR(dec.ReadFieldHeader(&h));
    if (h.type == CompactType::kStop) break;
    MR_RETURN_IF_ERROR(on_field(h));
  }
  dec.EndStruct();
  return Status::Ok();
}

// Reads a list field whose elements must have `element_type`, calling `on_element()` per element.
template <typename Fn>
Status ReadList(CompactDecoder& dec, const CompactFieldHeader& h, CompactType element_type,
                Fn&& on_element) {
  CompactType got;
  uint32_t size;
  MR_RETURN_IF_ERROR(dec.ReadListHeader(h, &got, &size));
  if (got != element_type) {
    return Status::Corruption("parquet metadata: field " + std::to_string(h.id) +
                              " has unexpected list element type");
  }
  for (uint32_t i = 0; i < size; ++i) MR_RETURN_IF_ERROR(on_element());
  return Status::Ok();
}

template <typename E>
Status ReadEnum(CompactDecoder& dec, const CompactFieldHeader& h, E* out) {
  int32_t v;
  MR_RETURN_IF_ERROR(dec.ReadI32(h, &v));
  *out = static_cast<E>(v);
  return Status::Ok();
}

template <typename E>
Status ReadEnum(CompactDecoder& dec, const CompactFieldHeader& h, std::optional<E>* out) {
  E v;
  MR_RETURN_IF_ERROR(ReadEnum(dec, h, &v));
  *out = v;
  return Status::Ok();
}

template <typename T, typename ReadFn>
Status ReadOptional(std::optional<T>* out, ReadFn&& read) {
  T v{};
  MR_RETURN_IF_ERROR(read(&v));
  *out = std::move(v);
  return Status::Ok();
}

inline Status Missing(const char* what) {
  return Status::Corruption(std::string("parquet metadata: missing required field ") + what);
}

// Reads a Statistics struct (the decoder is at its first field header).
Status ReadStatistics(CompactDecoder& dec, Statistics* s);

}  // namespace millrace::parquet::compact_read
