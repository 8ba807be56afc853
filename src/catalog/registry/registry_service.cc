#include "catalog/registry/registry_service.h"

#include <atomic>
#include <memory>

#include "base/kv_store.h"
#include "catalog/registry/registry_operations.h"
#include "catalog/registry/schema_registry.h"
#include "net/aws/aws_protocol.h"
#include "net/aws/aws_service.h"
#include "server/server.h"

namespace millrace::catalog {

namespace {

// The store, the registry and the blocking pool, shared by the operations and the hooks.
struct RegistryServiceState {
  boost::asio::thread_pool blocking{2};
  std::unique_ptr<KvStore> store;
  std::unique_ptr<SchemaRegistry> registry;
  std::atomic<SchemaRegistry*> open{nullptr};  // read by requests on any thread
};

}  // namespace

void RegisterSchemaRegistryService(server::Server& server) {
  auto state = std::make_shared<RegistryServiceState>();
  auto glue = std::make_unique<net::aws::AwsService>("AWSGlue.", "glue");
  AddSchemaRegistryOperations(
      *glue, [state] { return state->open.load(); }, state->blocking);
  server.aws().AddService(std::move(glue));
  server.AddStartHook([state, &server]() -> Status {
    MR_ASSIGN_OR_RETURN(state->store, KvStore::Open(server.config().data_dir + "/catalog"));
    MR_ASSIGN_OR_RETURN(state->registry, SchemaRegistry::Open(state->store.get()));
    state->open.store(state->registry.get());
    return Status::Ok();
  });
  server.AddStopHook([state] {
    state->open.store(nullptr);
    state->blocking.join();
    state->registry.reset();
    state->store.reset();
  });
}

}  // namespace millrace::catalog
