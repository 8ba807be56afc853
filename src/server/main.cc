// The millrace entry point: parse the command line, run the server until SIGINT or SIGTERM.
#include <malloc.h>
#include <signal.h>

#include <cstdio>
#include <iostream>

#include "base/logging.h"
#include "catalog/infer/catalog_infer.h"
#include "catalog/service/glue_service.h"
#include "firehose/glue_catalog_view.h"
#include "firehose/service/firehose_service.h"
#include "kinesis/service/kinesis_service.h"
#include "server/config.h"
#include "server/server.h"

int main(int argc, char** argv) {
  // Kafka Fetch responses and log reads are buffers of up to tens of MiB, allocated and freed per
  // request. glibc would map and unmap each one (page faults and zeroing on every Fetch: half the
  // broker's CPU when consuming from the page cache); keep such buffers in the heap instead and
  // give memory back to the system only past 256 MiB free.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  using namespace millrace;
  server::CommandLine command = server::ParseCommandLine(argc, argv, std::cout, std::cerr);
  if (command.run_catalog_infer) {
    const server::CatalogInferArgs& a = command.catalog_infer;
    catalog::InferOptions options{a.location, a.database,   a.table,     a.endpoint,
                                  a.region,   a.access_key, a.secret_key};
    Status s = catalog::InferCatalogTable(options, std::cout);
    if (!s.ok()) {
      std::cerr << "millrace catalog infer: " << s.ToString() << "\n";
      return 1;
    }
    return 0;
  }
  if (!command.run_server) return command.exit_code;

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  InitLogging();
  server::Server server(command.config);
  kinesis::RegisterKinesisService(server);
  // Firehose takes glue->catalog() in its own start hook, registered after this one.
  std::shared_ptr<catalog::GlueContext> glue = catalog::RegisterGlueService(server);
  firehose::RegisterFirehoseService(server, std::make_shared<firehose::GlueCatalogView>(glue));
  if (Status s = server.Start(); !s.ok()) {
    MR_LOG_ERROR("cannot start: {}", s.ToString());
    return 1;
  }
  std::printf("millrace edge listening on %s\n", server.edge_address().c_str());
  std::printf("millrace kafka listening on %s\n", server.kafka_address().c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&stop_signals, &received);
  MR_LOG_INFO("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.Stop();
  return 0;
}
