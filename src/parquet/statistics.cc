#include "parquet/statistics.h"

#include <algorithm>
#include <cstring>

#include "base/endian.h"

namespace millrace::parquet {

namespace {

template <typename T>
std::string LittleEndian(T v) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &v, sizeof(T));
  return out;
}

template <typename T>
T Load(std::string_view s) {
  T v{};
  std::memcpy(&v, s.data(), std::min(sizeof(T), s.size()));
  return v;
}

template <typename T>
int Cmp(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool UnsignedInteger(const SchemaNode& leaf) {
  return leaf.logical_type.kind == LogicalTypeInfo::Kind::kInteger && !leaf.logical_type.is_signed;
}

}  // namespace

int CompareSignedBigEndian(std::string_view a, std::string_view b) {
  bool neg_a = !a.empty() && (static_cast<uint8_t>(a[0]) & 0x80);
  bool neg_b = !b.empty() && (static_cast<uint8_t>(b[0]) & 0x80);
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  uint8_t pad = neg_a ? 0xFF : 0x00;
  size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    uint8_t ca = i < n - a.size() ? pad : static_cast<uint8_t>(a[i - (n - a.size())]);
    uint8_t cb = i < n - b.size() ? pad : static_cast<uint8_t>(b[i - (n - b.size())]);
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

std::string StatisticBytes(const SchemaNode& leaf, const Value& v) {
  switch (leaf.physical_type) {
    case PhysicalType::kBoolean:
      return std::string(1, v.bool_value() ? '\1' : '\0');
    case PhysicalType::kInt32:
      return LittleEndian(v.int32_value());
    case PhysicalType::kInt64:
      return LittleEndian(v.kind() == Value::Kind::kInt32 ? int64_t{v.int32_value()}
                                                          : v.int64_value());
    case PhysicalType::kFloat:
      return LittleEndian(v.float_value());
    case PhysicalType::kDouble:
      return LittleEndian(v.kind() == Value::Kind::kFloat ? double{v.float_value()}
                                                          : v.double_value());
    default:
      return v.bytes();
  }
}

std::optional<Value> StatisticValue(const SchemaNode& leaf, std::string_view bytes) {
  auto sized = [&](size_t n) { return bytes.size() == n; };
  switch (leaf.physical_type) {
    case PhysicalType::kBoolean:
      if (!sized(1)) return std::nullopt;
      return Value::Bool(bytes[0] != 0);
    case PhysicalType::kInt32:
      if (!sized(4)) return std::nullopt;
      return Value::Int32(Load<int32_t>(bytes));
    case PhysicalType::kInt64:
      if (!sized(8)) return std::nullopt;
      return Value::Int64(Load<int64_t>(bytes));
    case PhysicalType::kFloat:
      if (!sized(4)) return std::nullopt;
      return Value::Float(Load<float>(bytes));
    case PhysicalType::kDouble:
      if (!sized(8)) return std::nullopt;
      return Value::Double(Load<double>(bytes));
    case PhysicalType::kFixedLenByteArray:
      if (!sized(static_cast<size_t>(leaf.type_length))) return std::nullopt;
      return Value::Bytes(std::string(bytes));
    case PhysicalType::kInt96:
      if (!sized(12)) return std::nullopt;
      return Value::Bytes(std::string(bytes));
    case PhysicalType::kByteArray:
      return Value::Bytes(std::string(bytes));
  }
  return std::nullopt;
}

int CompareStatistics(const SchemaNode& leaf, std::string_view a, std::string_view b) {
  switch (leaf.physical_type) {
    case PhysicalType::kBoolean:
      return Cmp(Load<uint8_t>(a), Load<uint8_t>(b));
    case PhysicalType::kInt32:
      if (UnsignedInteger(leaf)) return Cmp(Load<uint32_t>(a), Load<uint32_t>(b));
      return Cmp(Load<int32_t>(a), Load<int32_t>(b));
    case PhysicalType::kInt64:
      if (UnsignedInteger(leaf)) return Cmp(Load<uint64_t>(a), Load<uint64_t>(b));
      return Cmp(Load<int64_t>(a), Load<int64_t>(b));
    case PhysicalType::kFloat:
      return Cmp(Load<float>(a), Load<float>(b));
    case PhysicalType::kDouble:
      return Cmp(Load<double>(a), Load<double>(b));
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (leaf.logical_type.kind == LogicalTypeInfo::Kind::kDecimal) {
        return CompareSignedBigEndian(a, b);
      }
      return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
    case PhysicalType::kInt96:
      return a.compare(b);
  }
  return 0;
}

}  // namespace millrace::parquet
