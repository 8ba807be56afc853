#include "server/config.h"

#include <CLI/CLI.hpp>
#include <ostream>

#include "net/tcp_listener.h"

namespace millrace::server {

CommandLine ParseCommandLine(int argc, const char* const* argv, std::ostream& out,
                             std::ostream& err) {
  CommandLine result;
  ServerConfig& c = result.config;
  CLI::App app{
      "millrace: a self-hosted streaming data platform speaking the Kinesis, Firehose, "
      "Glue, S3 and Kafka protocols over one durable log.",
      "millrace"};
  app.require_subcommand(1);
  CLI::App* server = app.add_subcommand(
      "server",
      "Run every service in this process: the edge HTTP port for the AWS-style APIs, "
      "/health and /metrics, and the Kafka port.");
  server->add_option("--data-dir", c.data_dir, "Directory holding all data; created if missing.")
      ->type_name("DIR")
      ->envname("MILLRACE_DATA_DIR")
      ->capture_default_str();
  server
      ->add_option("--edge", c.edge_address,
                   "HOST:PORT for the edge HTTP port (HTTP/1.1 and h2c): Kinesis, Firehose, "
                   "Glue and S3 APIs, /health and /metrics. Port 0 picks a free port.")
      ->type_name("HOST:PORT")
      ->envname("MILLRACE_EDGE")
      ->capture_default_str();
  server
      ->add_option("--kafka", c.kafka_address,
                   "HOST:PORT for the Kafka protocol port. Port 0 picks a free port.")
      ->type_name("HOST:PORT")
      ->envname("MILLRACE_KAFKA")
      ->capture_default_str();
  server
      ->add_option("--kafka-advertised", c.kafka_advertised,
                   "HOST:PORT that Kafka clients are told to connect to (Metadata, "
                   "FindCoordinator); default: the bound --kafka address. For containers.")
      ->type_name("HOST:PORT")
      ->envname("MILLRACE_KAFKA_ADVERTISED");
  server->add_flag("--kafka-auto-create-topics", c.kafka_auto_create_topics,
                   "Create a topic (with one partition) when a Kafka client asks for one that "
                   "does not exist.")
      ->envname("MILLRACE_KAFKA_AUTO_CREATE_TOPICS");
  server->add_option("--io-threads", c.io_threads, "Event-loop threads; 0 means one per CPU core.")
      ->type_name("N")
      ->capture_default_str();
  server
      ->add_flag("--kinesis-shard-limits", c.kinesis_shard_limits,
                 "Enforce Kinesis per-shard limits (1 MiB/s or 1,000 records/s in; 2 MiB/s and 5 "
                 "GetRecords calls/s out) with ProvisionedThroughputExceededException.")
      ->envname("MILLRACE_KINESIS_SHARD_LIMITS");
  server
      ->add_option("--kinesis-status-delay-ms", c.kinesis_status_delay_ms,
                   "How long Kinesis streams stay CREATING/UPDATING/DELETING.")
      ->type_name("MS")
      ->capture_default_str();
  server
      ->add_option("--kinesis-subscription-ms", c.kinesis_subscription_ms,
                   "How long a Kinesis SubscribeToShard subscription lasts before the client "
                   "must renew it (AWS: 5 minutes).")
      ->type_name("MS")
      ->check(CLI::Range(int64_t{1000}, int64_t{86'400'000}))
      ->capture_default_str();
  server
      ->add_option("--firehose-lambda", c.firehose_lambdas,
                   "A Firehose transform for a Lambda ARN or function name: NAME=URL or "
                   "NAME=command:CMD (repeatable).")
      ->type_name("NAME=TARGET");
  server
      ->add_option("--firehose-kafka-cluster", c.firehose_kafka_clusters,
                   "An external Kafka cluster for MSKAsSource delivery streams: the MSK cluster "
                   "ARN and its bootstrap servers (repeatable). Other ARNs read the embedded log.")
      ->type_name("ARN=HOST:PORT[,HOST:PORT]");
  server
      ->add_option("--firehose-s3-endpoint", c.firehose_s3_endpoints,
                   "A delivery bucket on an external S3-compatible store at URL (repeatable; "
                   "credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, region from "
                   "AWS_REGION). Other buckets are in the local lake.")
      ->type_name("BUCKET=URL");
  CatalogInferArgs& infer_args = result.catalog_infer;
  CLI::App* catalog = app.add_subcommand("catalog", "Glue Data Catalog tools.");
  catalog->require_subcommand(1);
  CLI::App* infer = catalog->add_subcommand(
      "infer",
      "Crawl an S3 location of Parquet files like a Glue crawler: read each file's footer, map "
      "its schema to Hive types, detect key=value partition directories, then create or update "
      "the table and its missing partitions through the Glue API.");
  infer->add_option("location", infer_args.location, "s3://bucket/prefix/ holding the table")
      ->required();
  infer->add_option("--database", infer_args.database, "Glue database (created when missing)")
      ->required();
  infer->add_option("--table", infer_args.table,
                    "Table name; default: the last component of the prefix");
  infer->add_option("--endpoint", infer_args.endpoint,
                    "S3 and Glue endpoint (a running millrace server's edge port)")
      ->capture_default_str();
  infer->add_option("--region", infer_args.region, "Region to sign requests for")
      ->envname("AWS_DEFAULT_REGION")
      ->capture_default_str();
  infer->add_option("--access-key", infer_args.access_key, "Access key id")
      ->envname("AWS_ACCESS_KEY_ID");
  infer->add_option("--secret-key", infer_args.secret_key, "Secret access key")
      ->envname("AWS_SECRET_ACCESS_KEY");

  server->footer(
      "Flags win over environment variables. On start the server prints\n"
      "  millrace edge listening on HOST:PORT\n  millrace kafka listening on HOST:PORT\n"
      "SIGINT or SIGTERM stops it cleanly (exit status 0).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    if (infer->parsed()) {
      out << infer->help();
    } else if (catalog->parsed()) {
      out << catalog->help();
    } else {
      out << (server->parsed() ? server->help() : app.help());
    }
    return result;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return result;
  } catch (const CLI::ParseError& e) {
    err << "millrace: " << e.what() << "\nRun 'millrace "
        << (catalog->parsed() ? "catalog infer" : "server") << " --help' for the flags.\n";
    result.exit_code = 2;
    return result;
  }
  if (infer->parsed()) {
    result.run_catalog_infer = true;
    return result;
  }
  for (const std::string* address : {&c.edge_address, &c.kafka_address}) {
    if (auto parsed = net::ParseHostPort(*address); !parsed.ok()) {
      err << "millrace: " << parsed.status().message() << "\n";
      result.exit_code = 2;
      return result;
    }
  }
  if (c.data_dir.empty()) {
    err << "millrace: --data-dir must not be empty\n";
    result.exit_code = 2;
    return result;
  }
  result.run_server = true;
  return result;
}

}  // namespace millrace::server
