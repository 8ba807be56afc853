#include "firehose/cloudwatch_logs.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace millrace::firehose {
namespace {

// gzip from the gzip tool, so the test does not trust this library's own compressor.
std::string GzipWithTool(const std::string& text) {
  char path[] = "/tmp/millrace-cwl-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  FILE* f = fdopen(fd, "wb");
  fwrite(text.data(), 1, text.size(), f);
  fclose(f);
  std::string out;
  FILE* pipe = popen(("gzip -c " + std::string(path)).c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  std::remove(path);
  return out;
}

constexpr std::string_view kDataMessage =
    R"({"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/test",)"
    R"("logStream":"2021/06/29/[$LATEST]abc","subscriptionFilters":["to-firehose"],)"
    R"("logEvents":[{"id":"1","timestamp":1624960000000,"message":"START RequestId: 1"},)"
    R"({"id":"2","timestamp":1624960000001,"message":"{\"level\":\"info\"}"}]})";

TEST(CloudWatchLogsTest, GunzipsWhatGzipWrote) {
  const std::string gz = GzipWithTool(std::string(kDataMessage));
  auto plain = GunzipRecord(gz);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(*plain, kDataMessage);
  auto twice = GunzipRecord(gz + gz);  // concatenated members
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(*twice, std::string(kDataMessage) + std::string(kDataMessage));
}

TEST(CloudWatchLogsTest, GunzipRejectsBadInput) {
  EXPECT_EQ(GunzipRecord("plain text").status().code(), StatusCode::kInvalidArgument);
  const std::string gz = GzipWithTool(std::string(kDataMessage));
  EXPECT_EQ(GunzipRecord(gz.substr(0, gz.size() / 2)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(GunzipRecord(GzipWithTool(std::string(100000, 'z')), 1000).status().code(),
            StatusCode::kResourceExhausted);
}

TEST(CloudWatchLogsTest, ParsesADataMessage) {
  auto batch = ParseCloudWatchLogsRecord(kDataMessage);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_FALSE(batch->control_message);
  EXPECT_EQ(batch->log_group, "/aws/lambda/test");
  ASSERT_EQ(batch->events.size(), 2u);
  EXPECT_EQ(batch->events[1].message, R"({"level":"info"})");
  EXPECT_EQ(batch->events[0].timestamp_millis, 1624960000000);
}

TEST(CloudWatchLogsTest, MessageExtraction) {
  auto records = ExtractCloudWatchLogMessages(kDataMessage);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(*records, (std::vector<std::string>{"START RequestId: 1\n", "{\"level\":\"info\"}\n"}));
  auto control = ExtractCloudWatchLogMessages(
      R"({"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logEvents":[]})");
  ASSERT_TRUE(control.ok());
  EXPECT_TRUE(control->empty());
  EXPECT_FALSE(ExtractCloudWatchLogMessages(R"({"messageType":"DATA_MESSAGE"})").ok());
  EXPECT_FALSE(ExtractCloudWatchLogMessages("not json").ok());
  EXPECT_FALSE(ExtractCloudWatchLogMessages(R"({"messageType":"OTHER"})").ok());
}

}  // namespace
}  // namespace millrace::firehose
