#include "kinesis/service/kinesis_service.h"

#include <memory>

#include "kinesis/service/service_context.h"
#include "net/aws/aws_protocol.h"
#include "server/server.h"

namespace millrace::kinesis {

void RegisterKinesisService(server::Server& server) {
  service::ServiceSettings settings;
  settings.data_dir = server.config().data_dir;
  settings.shard_limits = server.config().kinesis_shard_limits;
  settings.status_delay_ms = server.config().kinesis_status_delay_ms;
  settings.subscription_ms = server.config().kinesis_subscription_ms;
  // Shared by the operations (owned by the AwsService, which the server keeps) and the hooks.
  auto ctx = std::make_shared<service::ServiceContext>(std::move(settings));
  auto api = std::make_unique<net::aws::AwsService>("Kinesis_20131202.", "kinesis");
  // Large enough for a 10 MiB record in base64 plus the JSON around it.
  api->set_max_body_bytes(16 << 20);
  service::AddStreamOperations(*api, *ctx);
  service::AddSettingsOperations(*api, *ctx);
  service::AddPutOperations(*api, *ctx);
  service::AddGetOperations(*api, *ctx);
  service::AddShardOperations(*api, *ctx);
  service::AddConsumerOperations(*api, *ctx);
  service::AddTagOperations(*api, *ctx);
  service::AddResourceOperations(*api, *ctx);
  service::AddSubscribeOperation(*api, *ctx);
  server.aws().AddService(std::move(api));
  server.AddStartHook([ctx, &server] { return ctx->Open(&server.log()); });
  server.AddDrainHook(
      [ctx] { ctx->subscriptions().EndAll(kinesis::SubscriptionEnd::kServerStopping); });
  server.AddStopHook([ctx] { ctx->Close(); });
}

}  // namespace millrace::kinesis
