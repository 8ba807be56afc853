// ServerConfig and the command line that fills it: `millrace server [--data-dir DIR]
// [--edge HOST:PORT] [--kafka HOST:PORT]`, each flag also read from its environment variable
// (MILLRACE_DATA_DIR, MILLRACE_EDGE, MILLRACE_KAFKA); a flag wins over its variable. Also the
// client commands: `millrace catalog infer`.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace millrace::server {

struct ServerConfig {
  std::string data_dir = "./millrace-data";
  std::string edge_address = "127.0.0.1:4566";
  std::string kafka_address = "127.0.0.1:9092";
  std::string kafka_advertised;  // HOST:PORT put in Kafka metadata; empty: the bound address
  bool kafka_auto_create_topics = false;
  size_t io_threads = 0;         // 0: one per core
  int shutdown_grace_ms = 5000;  // how long shutdown waits for in-flight requests
  // Kinesis: enforce AWS's per-shard throughput limits (ProvisionedThroughputExceededException).
  bool kinesis_shard_limits = false;
  // Kinesis: how long a stream stays CREATING / UPDATING / DELETING before the change completes.
  int kinesis_status_delay_ms = 0;
  // Kinesis: how long a SubscribeToShard subscription lasts before the client must renew it.
  int64_t kinesis_subscription_ms = 300'000;
  // Firehose: transform hooks for Lambda ARNs, "NAME=TARGET" where NAME is a Lambda ARN or
  // function name and TARGET an http(s):// URL or "command:<shell command>".
  std::vector<std::string> firehose_lambdas;
  // Firehose: external Kafka clusters for MSKAsSource, "ARN=host:port[,host:port]".
  std::vector<std::string> firehose_kafka_clusters;
  // Firehose: buckets on an external S3-compatible store, "BUCKET=URL" (credentials from
  // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, region from AWS_REGION).
  std::vector<std::string> firehose_s3_endpoints;
};

// `millrace catalog infer s3://bucket/prefix/ --database DB [--table T] [--endpoint URL]`.
struct CatalogInferArgs {
  std::string location;
  std::string database;
  std::string table;
  std::string endpoint = "http://127.0.0.1:4566";
  std::string region = "us-east-1";
  std::string access_key = "test";
  std::string secret_key = "test";
};

struct CommandLine {
  bool run_server = false;         // `millrace server`
  bool run_catalog_infer = false;  // `millrace catalog infer`
  // When neither runs: exit with exit_code (after --help, or a bad command line).
  int exit_code = 0;  // 0 after --help, 2 for a bad command line
  ServerConfig config;
  CatalogInferArgs catalog_infer;
};

// Parses argv. Help goes to `out`, errors to `err`.
CommandLine ParseCommandLine(int argc, const char* const* argv, std::ostream& out,
                             std::ostream& err);

}  // namespace millrace::server
