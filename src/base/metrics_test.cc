#include "base/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace millrace::metrics {
namespace {

TEST(MetricsTest, RendersCountersAndGauges) {
  Registry r;
  CounterFamily& requests = r.Counters("app_requests_total", "Requests served.", {"route", "code"});
  requests.Labels({"/health", "200"}).Inc();
  requests.Labels({"/health", "200"}).Inc(2);
  requests.Labels({"a\"b\\c\nd", "500"}).Inc();
  r.Gauges("app_open", "Open things.\nSecond line").Get().Set(3);
  EXPECT_EQ(r.RenderText(),
            "# HELP app_requests_total Requests served.\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{route=\"/health\",code=\"200\"} 3\n"
            "app_requests_total{route=\"a\\\"b\\\\c\\nd\",code=\"500\"} 1\n"
            "# HELP app_open Open things.\\nSecond line\n"
            "# TYPE app_open gauge\n"
            "app_open 3\n");
}

TEST(MetricsTest, RendersHistogramCumulatively) {
  Registry r;
  Histogram& h = r.Histograms("lat_seconds", "Latency.", {0.1, 1}).Get();
  h.Observe(0.05);
  h.Observe(0.1);  // on the bound: counted in le="0.1"
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(r.RenderText(),
            "# HELP lat_seconds Latency.\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{le=\"0.1\"} 2\n"
            "lat_seconds_bucket{le=\"1\"} 3\n"
            "lat_seconds_bucket{le=\"+Inf\"} 4\n"
            "lat_seconds_sum 7.65\n"
            "lat_seconds_count 4\n");
}

TEST(MetricsTest, HistogramWithLabelsPutsLeLast) {
  Registry r;
  r.Histograms("d_seconds", "D.", {1}, {"op"}).Labels({"x"}).Observe(2);
  std::string text = r.RenderText();
  EXPECT_NE(text.find("d_seconds_bucket{op=\"x\",le=\"+Inf\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_seconds_count{op=\"x\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsTest, RegisteringTwiceReturnsTheSameFamily) {
  Registry r;
  CounterFamily& a = r.Counters("c_total", "C.");
  CounterFamily& b = r.Counters("c_total", "C.");
  EXPECT_EQ(&a, &b);
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Registry r;
  CounterFamily& f = r.Counters("n_total", "N.", {"k"});
  Gauge& g = r.Gauges("g", "G.").Get();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        f.Labels({std::to_string(i % 3)}).Inc();
        g.Add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  uint64_t total = 0;
  f.ForEach([&](const std::vector<std::string>&, const Counter& c) { total += c.Value(); });
  EXPECT_EQ(total, 40000u);
  EXPECT_EQ(g.Value(), 40000);
}

}  // namespace
}  // namespace millrace::metrics
