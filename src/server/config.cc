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
      ->add_option("--firehose-lambda", c.firehose_lambdas,
                   "A Firehose transform for a Lambda ARN or function name: NAME=URL or "
                   "NAME=command:CMD (repeatable).")
      ->type_name("NAME=TARGET");
  server->footer(
      "Flags win over environment variables. On start the server prints\n"
      "  millrace edge listening on HOST:PORT\n  millrace kafka listening on HOST:PORT\n"
      "SIGINT or SIGTERM stops it cleanly (exit status 0).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << (app.get_subcommands().empty() ? app.help() : server->help());
    return result;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return result;
  } catch (const CLI::ParseError& e) {
    err << "millrace: " << e.what() << "\nRun 'millrace server --help' for the flags.\n";
    result.exit_code = 2;
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
