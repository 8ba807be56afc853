// Metrics: counters, gauges and fixed-bucket histograms, optionally labelled, rendered in the
// Prometheus text exposition format 0.0.4.
//
// Threading: every method is thread-safe. Updating a metric (Inc, Set, Observe) is lock-free;
// finding a labelled series takes a shared lock, so hot paths keep the returned reference, which
// stays valid for the registry's lifetime. Registration takes an exclusive lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace millrace::metrics {

class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Counts observations into buckets with fixed upper bounds (plus +Inf), and their sum.
class Histogram {
 public:
  // REQUIRES: `bounds` strictly increasing and finite.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);

  const std::vector<double>& bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds().size() is the +Inf bucket).
  uint64_t BucketCount(size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  uint64_t Count() const;
  double Sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

enum class MetricType : uint8_t { kCounter, kGauge, kHistogram };

// All series of one metric name; each series is one combination of label values.
template <typename T>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::vector<double> bounds)
      : name_(std::move(name)),
        help_(std::move(help)),
        label_names_(std::move(label_names)),
        bounds_(std::move(bounds)) {}

  // The series for these label values, created on first use. REQUIRES: one value per label name.
  T& Labels(const std::vector<std::string>& values);
  // The series of a family without labels.
  T& Get() { return Labels({}); }

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Calls fn(label_values, series) for every series, in label order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    std::shared_lock lock(mu_);
    for (const auto& [values, series] : series_) fn(values, *series);
  }

 private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  std::vector<double> bounds_;  // histograms only
  mutable std::shared_mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_;
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// Bucket bounds in seconds for request latencies: 100 us to 10 s.
std::vector<double> LatencyBuckets();

// A set of metric families. Registering a name twice returns the first family.
// REQUIRES: names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*, and a name is
// registered with one type only.
class Registry {
 public:
  Registry();
  ~Registry();
  // The process-wide registry that /metrics renders.
  static Registry& Global();

  CounterFamily& Counters(std::string_view name, std::string_view help,
                          std::vector<std::string> label_names = {});
  GaugeFamily& Gauges(std::string_view name, std::string_view help,
                      std::vector<std::string> label_names = {});
  HistogramFamily& Histograms(std::string_view name, std::string_view help,
                              std::vector<double> bounds,
                              std::vector<std::string> label_names = {});

  // Every family in registration order, as Prometheus text format 0.0.4.
  std::string RenderText() const;

 private:
  struct Entry;
  Entry& Register(std::string_view name, std::string_view help, MetricType type,
                  std::vector<std::string> label_names, std::vector<double> bounds);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

template <typename T>
T& Family<T>::Labels(const std::vector<std::string>& values) {
  {
    std::shared_lock lock(mu_);
    auto it = series_.find(values);
    if (it != series_.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto& slot = series_[values];
  if (!slot) {
    if constexpr (std::is_same_v<T, Histogram>) {
      slot = std::make_unique<T>(bounds_);
    } else {
      slot = std::make_unique<T>();
    }
  }
  return *slot;
}

}  // namespace millrace::metrics
