#include "net/router.h"

#include <gtest/gtest.h>

#include "net/http_dispatcher.h"

namespace millrace::net {
namespace {

HttpHandler Dummy() {
  return [](HttpRequest&) -> boost::asio::awaitable<HttpResponse> { co_return HttpResponse{}; };
}

TEST(RouterTest, TargetRoutesComeFirstAndLongestPrefixWins) {
  Router r;
  r.AddExact("/", Dummy(), {.label = "root"});
  r.AddTarget("", Dummy(), {.label = "any-target"});
  r.AddTarget("Kinesis_20131202.", Dummy(), {.label = "kinesis"});
  EXPECT_EQ(r.Match("/", "Kinesis_20131202.PutRecord")->options.label, "kinesis");
  EXPECT_EQ(r.Match("/", "Firehose_20150804.PutRecord")->options.label, "any-target");
  EXPECT_EQ(r.Match("/", std::nullopt)->options.label, "root");
}

TEST(RouterTest, ExactBeforePrefixAndLongestPrefix) {
  Router r;
  r.AddPrefix("/", Dummy(), {.label = "s3"});
  r.AddPrefix("/console/", Dummy(), {.label = "console"});
  r.AddExact("/health", Dummy(), {.label = "health"});
  EXPECT_EQ(r.Match("/health", std::nullopt)->options.label, "health");
  EXPECT_EQ(r.Match("/healthz", std::nullopt)->options.label, "s3");
  EXPECT_EQ(r.Match("/console/x", std::nullopt)->options.label, "console");
  EXPECT_EQ(r.Match("/bucket/key", std::nullopt)->options.label, "s3");
}

TEST(RouterTest, NoMatchIsNull) {
  Router r;
  r.AddExact("/health", Dummy());
  EXPECT_EQ(r.Match("/other", std::nullopt), nullptr);
  EXPECT_EQ(r.Match("/other", "X.Y"), nullptr);
  EXPECT_EQ(r.Match("/health", std::nullopt)->options.label, "/health");  // label defaults
}

TEST(RouterTest, RouteErrorUsesItsResponder) {
  Router r;
  RouteOptions options;
  options.error_response = [](int status, std::string_view code, std::string_view) {
    return HttpResponse::Text(status, "x/custom", std::string(code));
  };
  r.AddExact("/a", Dummy(), options);
  r.AddExact("/b", Dummy());
  HttpResponse custom = r.Match("/a", std::nullopt)->Error(413, "TooBig", "m");
  EXPECT_EQ(custom.status, 413);
  EXPECT_EQ(custom.body, "TooBig");
  HttpResponse plain = r.Match("/b", std::nullopt)->Error(413, "TooBig", "message here");
  EXPECT_EQ(plain.body, "TooBig: message here\n");
  EXPECT_EQ(plain.headers.Get("Content-Type"), "text/plain; charset=utf-8");
}

TEST(HttpHeadersTest, CaseInsensitiveLookupAndSet) {
  HttpHeaders h;
  h.Add("X-Amz-Target", "a");
  h.Add("x-amz-target", "b");
  EXPECT_EQ(h.Get("X-AMZ-TARGET"), "a");
  h.Set("X-Amz-Target", "c");
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(h.Get("x-amz-target"), "c");
  h.Remove("X-AMZ-target");
  EXPECT_FALSE(h.Has("x-amz-target"));
}

TEST(HttpDispatcherTest, SplitsTargetIntoPathAndQuery) {
  HttpRequest r;
  SetRequestTarget(r, "/bucket/key?list-type=2&prefix=a");
  EXPECT_EQ(r.path, "/bucket/key");
  EXPECT_EQ(r.query, "list-type=2&prefix=a");
  SetRequestTarget(r, "/plain");
  EXPECT_EQ(r.path, "/plain");
  EXPECT_EQ(r.query, "");
}

}  // namespace
}  // namespace millrace::net
