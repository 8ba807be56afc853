#include "base/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace millrace::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double v) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

uint64_t Histogram::Count() const {
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) total += BucketCount(i);
  return total;
}

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

struct Registry::Entry {
  MetricType type;
  std::unique_ptr<CounterFamily> counters;
  std::unique_ptr<GaugeFamily> gauges;
  std::unique_ptr<HistogramFamily> histograms;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry& Registry::Global() {
  static Registry* registry = new Registry();  // never destroyed: metrics outlive static teardown
  return *registry;
}

Registry::Entry& Registry::Register(std::string_view name, std::string_view help, MetricType type,
                                    std::vector<std::string> label_names,
                                    std::vector<double> bounds) {
  std::lock_guard lock(mu_);
  for (auto& e : entries_) {
    const std::string& existing = e->counters ? e->counters->name()
                                  : e->gauges ? e->gauges->name()
                                              : e->histograms->name();
    if (existing == name) return *e;
  }
  auto e = std::make_unique<Entry>();
  e->type = type;
  std::string n(name), h(help);
  switch (type) {
    case MetricType::kCounter:
      e->counters = std::make_unique<CounterFamily>(n, h, std::move(label_names), bounds);
      break;
    case MetricType::kGauge:
      e->gauges = std::make_unique<GaugeFamily>(n, h, std::move(label_names), bounds);
      break;
    case MetricType::kHistogram:
      e->histograms = std::make_unique<HistogramFamily>(n, h, std::move(label_names), bounds);
      break;
  }
  entries_.push_back(std::move(e));
  return *entries_.back();
}

CounterFamily& Registry::Counters(std::string_view name, std::string_view help,
                                  std::vector<std::string> label_names) {
  return *Register(name, help, MetricType::kCounter, std::move(label_names), {}).counters;
}

GaugeFamily& Registry::Gauges(std::string_view name, std::string_view help,
                              std::vector<std::string> label_names) {
  return *Register(name, help, MetricType::kGauge, std::move(label_names), {}).gauges;
}

HistogramFamily& Registry::Histograms(std::string_view name, std::string_view help,
                                      std::vector<double> bounds,
                                      std::vector<std::string> label_names) {
  return *Register(name, help, MetricType::kHistogram, std::move(label_names), std::move(bounds))
              .histograms;
}

namespace {

std::string EscapeHelp(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string EscapeLabelValue(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"')
      out += "\\\"";
    else
      out += c;
  }
  return out;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

// `{a="x",b="y"}` with an optional extra label (le for buckets); empty when there are no labels.
std::string LabelSet(const std::vector<std::string>& names, const std::vector<std::string>& values,
                     std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return {};
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
    out += "=\"";
    out += EscapeLabelValue(i < values.size() ? values[i] : std::string());
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out += ',';
    out.append(extra_name).append("=\"").append(extra_value).append("\"");
  }
  out += '}';
  return out;
}

template <typename F>
void Header(std::string& out, const F& family, std::string_view type) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name(), EscapeHelp(family.help()),
                     family.name(), type);
}

}  // namespace

std::string Registry::RenderText() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& e : entries_) {
    switch (e->type) {
      case MetricType::kCounter: {
        const CounterFamily& f = *e->counters;
        Header(out, f, "counter");
        f.ForEach([&](const std::vector<std::string>& values, const Counter& c) {
          out += fmt::format("{}{} {}\n", f.name(), LabelSet(f.label_names(), values), c.Value());
        });
        break;
      }
      case MetricType::kGauge: {
        const GaugeFamily& f = *e->gauges;
        Header(out, f, "gauge");
        f.ForEach([&](const std::vector<std::string>& values, const Gauge& g) {
          out += fmt::format("{}{} {}\n", f.name(), LabelSet(f.label_names(), values),
                             FormatDouble(g.Value()));
        });
        break;
      }
      case MetricType::kHistogram: {
        const HistogramFamily& f = *e->histograms;
        Header(out, f, "histogram");
        f.ForEach([&](const std::vector<std::string>& values, const Histogram& h) {
          uint64_t cumulative = 0;
          for (size_t i = 0; i <= h.bounds().size(); ++i) {
            cumulative += h.BucketCount(i);
            std::string le = i < h.bounds().size() ? FormatDouble(h.bounds()[i]) : "+Inf";
            out += fmt::format("{}_bucket{} {}\n", f.name(),
                               LabelSet(f.label_names(), values, "le", le), cumulative);
          }
          std::string labels = LabelSet(f.label_names(), values);
          out += fmt::format("{}_sum{} {}\n", f.name(), labels, FormatDouble(h.Sum()));
          out += fmt::format("{}_count{} {}\n", f.name(), labels, cumulative);
        });
        break;
      }
    }
  }
  return out;
}

}  // namespace millrace::metrics
