// ExternalEndpoints: the stores outside this server a delivery stream may use, from the server
// flags `--firehose-kafka-cluster ARN=BOOTSTRAP` and `--firehose-s3-endpoint BUCKET=URL`.
// A cluster ARN or bucket not in these maps means the embedded log or the local lake.
// Threading: built before serving, then only read.
#pragma once

#include <map>
#include <string>

#include "lake/s3_client/s3_client.h"

namespace millrace::firehose {

struct ExternalEndpoints {
  // MSKClusterARN -> bootstrap servers "host:port[,host:port]".
  std::map<std::string, std::string> kafka_clusters;
  // Bucket -> the S3-compatible store holding it (endpoint, region and credentials).
  std::map<std::string, lake::s3::S3ClientOptions> s3_buckets;

  const std::string* KafkaCluster(const std::string& arn) const {
    auto it = kafka_clusters.find(arn);
    return it == kafka_clusters.end() ? nullptr : &it->second;
  }
  const lake::s3::S3ClientOptions* S3Bucket(const std::string& bucket) const {
    auto it = s3_buckets.find(bucket);
    return it == s3_buckets.end() ? nullptr : &it->second;
  }
};

}  // namespace millrace::firehose
