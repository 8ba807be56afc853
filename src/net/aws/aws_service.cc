#include "net/aws/aws_service.h"

namespace millrace::net::aws {

void AwsService::AddOperation(std::string operation, AwsOperation handler) {
  operations_[std::move(operation)] = Operation{std::move(handler), nullptr};
}

void AwsService::AddRawOperation(std::string operation, AwsRawOperation handler) {
  operations_[std::move(operation)] = Operation{nullptr, std::move(handler)};
}

const AwsService::Operation* AwsService::Find(std::string_view operation) const {
  auto it = operations_.find(operation);
  return it == operations_.end() ? nullptr : &it->second;
}

}  // namespace millrace::net::aws
