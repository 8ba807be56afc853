#include "catalog/service/glue_service.h"

#include "catalog/service/glue_context.h"
#include "net/aws/aws_protocol.h"
#include "net/aws/aws_service.h"
#include "server/server.h"

namespace millrace::catalog {

void AddCatalogOperations(net::aws::AwsService& service, GlueContext& ctx) {
  AddDatabaseOperations(service, ctx);
  AddTableOperations(service, ctx);
  AddPartitionOperations(service, ctx);
}

std::shared_ptr<GlueContext> RegisterGlueService(server::Server& server) {
  // Shared by the operations (owned by the AwsService, which the server keeps), the hooks, and
  // in-process users of the catalog.
  auto ctx = std::make_shared<GlueContext>(server.config().data_dir);
  auto api = std::make_unique<net::aws::AwsService>("AWSGlue.", "glue");
  AddCatalogOperations(*api, *ctx);
  server.aws().AddService(std::move(api));
  server.AddStartHook([ctx] { return ctx->Open(); });
  server.AddStopHook([ctx] { ctx->Close(); });
  return ctx;
}

}  // namespace millrace::catalog
