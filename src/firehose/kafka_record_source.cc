#include "firehose/kafka_record_source.h"

#include <librdkafka/rdkafka.h>


#include "base/clock.h"
#include "base/logging.h"

namespace millrace::firehose {

namespace {

constexpr int kMetadataTimeoutMs = 5000;
constexpr int kOffsetsTimeoutMs = 10000;

// Owns a topic-partition list.
struct PartitionList {
  explicit PartitionList(int size) : list(rd_kafka_topic_partition_list_new(size)) {}
  ~PartitionList() { rd_kafka_topic_partition_list_destroy(list); }
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
  rd_kafka_topic_partition_list_t* list;
};

Result<rd_kafka_t*> NewConsumer(const std::string& bootstrap, const std::string& group) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  auto set = [&](const char* name, const std::string& value) {
    return rd_kafka_conf_set(conf, name, value.c_str(), err, sizeof(err)) == RD_KAFKA_CONF_OK;
  };
  bool ok = set("bootstrap.servers", bootstrap) && set("client.id", "millrace-firehose") &&
            set("enable.auto.commit", "false") && set("enable.auto.offset.store", "false") &&
            set("auto.offset.reset", "earliest") && set("log_level", "3") &&
            (group.empty() || set("group.id", group));
  if (!ok) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("kafka source: ") + err);
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::IOError(std::string("kafka source: ") + err);
  }
  rd_kafka_poll_set_consumer(rk);
  return rk;
}

// The partition ids of `topic`; NotFound if the cluster does not have it.
Result<std::vector<int32_t>> TopicPartitions(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_t* handle = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  if (handle == nullptr) return Status::IOError("kafka source: cannot open topic " + topic);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, handle, &md, kMetadataTimeoutMs);
  rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IOError("kafka source: metadata for " + topic + ": " + rd_kafka_err2str(err));
  }
  std::vector<int32_t> partitions;
  Status status = Status::Ok();
  for (int i = 0; i < md->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = md->topics[i];
    if (topic != t.topic) continue;
    if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR || t.partition_cnt == 0) {
      status = Status::NotFound("topic " + topic + ": " + rd_kafka_err2str(t.err));
      break;
    }
    for (int j = 0; j < t.partition_cnt; ++j) partitions.push_back(t.partitions[j].id);
  }
  rd_kafka_metadata_destroy(md);
  if (!status.ok()) return status;
  if (partitions.empty()) return Status::NotFound("topic " + topic + " not found");
  return partitions;
}

}  // namespace

struct KafkaRecordSource::Handle {
  explicit Handle(rd_kafka_t* k) : rk(k) {}
  ~Handle() {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
  rd_kafka_t* rk;
  PartitionOffsets last_committed;
};

KafkaRecordSource::KafkaRecordSource(KafkaSourceOptions options, std::unique_ptr<Handle> handle)
    : options_(std::move(options)), handle_(std::move(handle)) {}

KafkaRecordSource::~KafkaRecordSource() = default;

Result<std::unique_ptr<KafkaRecordSource>> KafkaRecordSource::Open(KafkaSourceOptions options) {
  if (options.group_id.empty()) return Status::InvalidArgument("kafka source: no group id");
  MR_ASSIGN_OR_RETURN(rd_kafka_t * rk, NewConsumer(options.bootstrap_servers, options.group_id));
  auto handle = std::make_unique<Handle>(rk);
  return std::unique_ptr<KafkaRecordSource>(
      new KafkaRecordSource(std::move(options), std::move(handle)));
}

Result<PartitionOffsets> KafkaRecordSource::StartingOffsets(
    const std::string& bootstrap_servers, const std::string& topic,
    std::optional<int64_t> from_timestamp_ms) {
  MR_ASSIGN_OR_RETURN(rd_kafka_t * rk, NewConsumer(bootstrap_servers, ""));
  Handle handle(rk);
  MR_ASSIGN_OR_RETURN(std::vector<int32_t> partitions, TopicPartitions(rk, topic));
  PartitionOffsets offsets;
  for (int32_t p : partitions) {
    int64_t low = 0, high = 0;
    rd_kafka_resp_err_t err =
        rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &low, &high, kOffsetsTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::IOError("kafka source: offsets of " + topic + "-" + std::to_string(p) + ": " +
                             rd_kafka_err2str(err));
    }
    offsets[p] = high;
  }
  if (from_timestamp_ms) {
    PartitionList list(static_cast<int>(partitions.size()));
    for (int32_t p : partitions) {
      rd_kafka_topic_partition_list_add(list.list, topic.c_str(), p)->offset = *from_timestamp_ms;
    }
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, list.list, kOffsetsTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::IOError("kafka source: offsets for time in " + topic + ": " +
                             rd_kafka_err2str(err));
    }
    for (int i = 0; i < list.list->cnt; ++i) {
      const rd_kafka_topic_partition_t& tp = list.list->elems[i];
      // -1: no record that late; the end stands.
      if (tp.err == RD_KAFKA_RESP_ERR_NO_ERROR && tp.offset >= 0) offsets[tp.partition] = tp.offset;
    }
  }
  return offsets;
}

void KafkaRecordSource::DiscoverPartitions(PartitionOffsets& positions) {
  Result<std::vector<int32_t>> partitions = TopicPartitions(handle_->rk, options_.topic);
  if (!partitions.ok()) {
    MR_LOG_WARN("firehose: delivery stream {}: {}", options_.stream_name,
                partitions.status().ToString());
    return;
  }
  for (int32_t p : *partitions) {
    if (positions.count(p) != 0) continue;
    int64_t low = 0, high = 0;
    rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(handle_->rk, options_.topic.c_str(),
                                                               p, &low, &high, kOffsetsTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;  // tried again at the next discovery
    positions[p] = low;
  }
}

void KafkaRecordSource::Assign(const PartitionOffsets& positions) {
  bool same = assigned_.size() == positions.size();
  auto b = positions.begin();
  for (auto a = assigned_.cbegin(); same && a != assigned_.cend(); ++a, ++b) {
    same = a->first == b->first;
  }
  if (same) return;
  PartitionList list(static_cast<int>(positions.size()));
  for (const auto& [p, offset] : positions) {
    rd_kafka_topic_partition_list_add(list.list, options_.topic.c_str(), p)->offset = offset;
  }
  rd_kafka_resp_err_t err = rd_kafka_assign(handle_->rk, list.list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    MR_LOG_WARN("firehose: delivery stream {}: assign: {}", options_.stream_name,
                rd_kafka_err2str(err));
    return;
  }
  assigned_ = positions;
  int64_t now = WallMillis();
  for (const auto& [p, offset] : positions) caught_up_ms_.emplace(p, now);
}

bool KafkaRecordSource::Read(PartitionOffsets& positions, size_t max_bytes,
                             const std::atomic<bool>& stopping, const SourceRecordFn& fn) {
  if (positions.empty()) return false;
  Assign(positions);
  if (assigned_.empty()) return false;
  size_t budget = max_bytes * positions.size();
  size_t read_bytes = 0;
  bool any = false;
  // The first poll waits briefly for the fetcher; then only what is already fetched.
  int timeout_ms = 20;
  while (read_bytes < budget && !stopping.load()) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(handle_->rk, timeout_ms);
    timeout_ms = 0;
    if (msg == nullptr) break;
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        MR_LOG_WARN("firehose: delivery stream {}: consume: {}", options_.stream_name,
                    rd_kafka_message_errstr(msg));
      }
      rd_kafka_message_destroy(msg);
      continue;
    }
    auto it = positions.find(msg->partition);
    if (it != positions.end() && msg->offset >= it->second) {
      rd_kafka_timestamp_type_t type;
      int64_t ts = rd_kafka_message_timestamp(msg, &type);
      if (ts < 0) ts = WallMillis();
      std::string_view value(static_cast<const char*>(msg->payload),
                             msg->payload != nullptr ? msg->len : 0);
      fn(SourceRecord{msg->partition, msg->offset, ts, value});
      it->second = msg->offset + 1;
      read_bytes += msg->len;
      any = true;
    }
    rd_kafka_message_destroy(msg);
  }
  int64_t now = WallMillis();
  for (const auto& [p, position] : positions) {
    int64_t low = 0, high = 0;
    // The cached watermarks of the last fetch: no request.
    if (rd_kafka_get_watermark_offsets(handle_->rk, options_.topic.c_str(), p, &low, &high) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        high >= 0 && position >= high) {
      caught_up_ms_[p] = now;
    }
  }
  return any;
}

void KafkaRecordSource::Committed(const PartitionOffsets& offsets) {
  if (offsets == handle_->last_committed) return;
  PartitionList list(static_cast<int>(offsets.size()));
  for (const auto& [p, offset] : offsets) {
    rd_kafka_topic_partition_list_add(list.list, options_.topic.c_str(), p)->offset = offset;
  }
  // Asynchronous: the group's offsets are informational; the checkpoint file is the truth.
  rd_kafka_resp_err_t err = rd_kafka_commit(handle_->rk, list.list, /*async=*/1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    MR_LOG_WARN("firehose: delivery stream {}: commit to group {}: {}", options_.stream_name,
                options_.group_id, rd_kafka_err2str(err));
    return;
  }
  handle_->last_committed = offsets;
}

std::optional<int64_t> KafkaRecordSource::OldestUnreadMs(const PartitionOffsets& positions) {
  std::optional<int64_t> oldest;
  for (const auto& [p, position] : positions) {
    int64_t low = 0, high = 0;
    if (rd_kafka_get_watermark_offsets(handle_->rk, options_.topic.c_str(), p, &low, &high) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0 || position >= high) {
      continue;
    }
    auto it = caught_up_ms_.find(p);
    if (it == caught_up_ms_.end()) continue;
    if (!oldest || it->second < *oldest) oldest = it->second;
  }
  return oldest;
}

}  // namespace millrace::firehose
