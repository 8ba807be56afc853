// A delivery worker's open buffer: its records plus what names its object (the partition keys
// of a data buffer, the error-output type of an error buffer). Private to DeliveryWorker.
#pragma once

#include <string>

#include "firehose/delivery_buffer.h"
#include "firehose/delivery_worker.h"
#include "firehose/partition_keys.h"

namespace millrace::firehose {

struct DeliveryWorker::OpenBuffer {
  explicit OpenBuffer(int64_t now_ms) : buffer(now_ms) {}
  PartitionKeys keys;         // data buffers under dynamic partitioning: from the JQ query
  PartitionKeys lambda_keys;  // ... and from the transform
  std::string error_type;     // error buffers: the error-output type; "" for data buffers
  DeliveryBuffer buffer;
};

}  // namespace millrace::firehose
