#include "firehose/service/firehose_service.h"

#include <cstdlib>
#include <memory>

#include "base/logging.h"
#include "firehose/catalog_view.h"
#include "firehose/service/service_context.h"
#include "net/aws/aws_protocol.h"
#include "server/server.h"

namespace millrace::firehose {

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

// The client options of an external store at `url`; trailing '/' removed.
lake::s3::S3ClientOptions ExternalS3Options(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  lake::s3::S3ClientOptions options;
  options.endpoint = std::move(url);
  options.region = EnvOr("AWS_REGION", "us-east-1");
  options.access_key = EnvOr("AWS_ACCESS_KEY_ID", "test");
  options.secret_key = EnvOr("AWS_SECRET_ACCESS_KEY", "test");
  return options;
}

}  // namespace

void RegisterFirehoseService(server::Server& server, std::shared_ptr<CatalogView> catalog) {
  RegistryOptions options;
  options.data_dir = server.config().data_dir;
  options.status_delay_ms = server.config().kinesis_status_delay_ms;
  for (const std::string& spec : server.config().firehose_lambdas) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      MR_LOG_WARN("firehose: ignoring --firehose-lambda '{}': expected NAME=TARGET", spec);
      continue;
    }
    options.transform_hooks[spec.substr(0, eq)] = spec.substr(eq + 1);
  }
  for (const std::string& spec : server.config().firehose_kafka_clusters) {
    size_t eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      MR_LOG_WARN("firehose: ignoring --firehose-kafka-cluster '{}': expected ARN=BOOTSTRAP", spec);
      continue;
    }
    options.external.kafka_clusters[spec.substr(0, eq)] = spec.substr(eq + 1);
  }
  for (const std::string& spec : server.config().firehose_s3_endpoints) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      MR_LOG_WARN("firehose: ignoring --firehose-s3-endpoint '{}': expected BUCKET=URL", spec);
      continue;
    }
    options.external.s3_buckets[spec.substr(0, eq)] = ExternalS3Options(spec.substr(eq + 1));
  }
  auto ctx = std::make_shared<service::ServiceContext>(std::move(options));
  auto api = std::make_unique<net::aws::AwsService>("Firehose_20150804.", "firehose");
  // 500 records of 1,000 KiB in base64 stay under the 4 MiB batch limit; leave room for JSON.
  api->set_max_body_bytes(8 << 20);
  service::AddStreamOperations(*api, *ctx);
  service::AddPutOperations(*api, *ctx);
  service::AddTagOperations(*api, *ctx);
  server.aws().AddService(std::move(api));
  server.AddStartHook(
      [ctx, &server, catalog] { return ctx->Open(&server.log(), &server.lake(), catalog.get()); });
  server.AddStopHook([ctx, catalog] { ctx->Close(); });
}

}  // namespace millrace::firehose
