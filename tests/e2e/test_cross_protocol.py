"""One log, two protocols: records put with Kinesis PutRecords (boto3) are fetched with kcat, and
records produced with kcat are read with Kinesis GetRecords, byte for byte (binary values holding
every byte 0..255, keys = partition keys), also when kcat compresses its batches (gzip, snappy,
lz4, zstd; GetRecords and SubscribeToShard, positioned by sequence number inside a compressed
batch). A Kinesis stream is a topic in Kafka Metadata (shard N = partition N), and a shard closed
by resharding stays a readable partition."""

import glob
import os
import struct
import tempfile
import time
import unittest

from confluent_kafka.admin import AdminClient

from harness import MillraceServer
from kafka_util import bootstrap, create_topic, kcat
from kinesis_client import kinesis, read_shard


def shard_index(shard_id):
    return int(shard_id.rsplit("-", 1)[1])


def binary_value(i):
    """Every byte 0..255 (rotated by i) plus a tail that varies in length."""
    every = bytes((b + i) % 256 for b in range(256))
    return every + bytes([i % 256]) * (i % 7)


def kcat_records(server, topic, partition):
    """Every record of topic/partition as (offset, key, value), parsed by lengths so any byte
    may appear in keys and values."""
    out = kcat(["-C", "-b", bootstrap(server), "-t", topic, "-p", str(partition),
                "-o", "beginning", "-e", "-q", "-f", "%o %K %S\n%k%s"])
    records, pos = [], 0
    while pos < len(out):
        eol = out.index(b"\n", pos)
        offset, key_len, value_len = (int(x) for x in out[pos:eol].split())
        pos = eol + 1
        key = out[pos:pos + key_len]
        pos += key_len
        value = out[pos:pos + value_len]
        pos += value_len
        records.append((offset, key, value))
    return records


def stored_batches(data_dir, topic, partition):
    """(base_offset, last_offset, codec) of every batch in the partition's segment files, read
    from disk: proves what the producer actually compressed."""
    out = []
    pattern = os.path.join(data_dir, "**", f"{topic}-{partition}", "*.log")
    for path in sorted(glob.glob(pattern, recursive=True)):
        with open(path, "rb") as f:
            data = f.read()
        pos = 0
        while pos + 61 <= len(data):
            base, length = struct.unpack_from(">qi", data, pos)
            attributes, last_delta = struct.unpack_from(">hi", data, pos + 21)
            out.append((base, base + last_delta, attributes & 7))
            pos += 12 + length
    return out


def wait_active(client, stream):
    deadline = time.time() + 30
    while time.time() < deadline:
        status = client.describe_stream_summary(StreamName=stream)[
            "StreamDescriptionSummary"]["StreamStatus"]
        if status == "ACTIVE":
            return
        time.sleep(0.1)
    raise AssertionError(f"{stream} not ACTIVE")


class CrossProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.kinesis = kinesis(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_kinesis_put_records_fetched_by_kcat_byte_for_byte(self):
        self.kinesis.create_stream(StreamName="k2k", ShardCount=2)
        wait_active(self.kinesis, "k2k")
        entries = [{"Data": binary_value(i), "PartitionKey": f"pk-{i}-\u00e9"} for i in range(300)]
        result = self.kinesis.put_records(StreamName="k2k", Records=entries)
        self.assertEqual(result["FailedRecordCount"], 0)
        expected = {0: [], 1: []}
        for entry, placed in zip(entries, result["Records"]):
            expected[shard_index(placed["ShardId"])].append(
                (entry["PartitionKey"].encode(), entry["Data"]))
        self.assertTrue(expected[0] and expected[1], "both shards should get records")
        for partition, want in expected.items():
            got = kcat_records(self.server, "k2k", partition)
            self.assertEqual([o for o, _, _ in got], list(range(len(want))))
            self.assertEqual([(k, v) for _, k, v in got], want)

    def test_kcat_records_read_by_kinesis_get_records_byte_for_byte(self):
        create_topic(self.server, "kcat2k", partitions=2)
        tmp = tempfile.TemporaryDirectory(prefix="millrace-cross-")
        self.addCleanup(tmp.cleanup)
        want = []
        for k in range(6):
            files = []
            for j in range(4):
                path = os.path.join(tmp.name, f"v{k}-{j}")
                value = binary_value(k * 4 + j)
                with open(path, "wb") as f:
                    f.write(value)
                files.append(path)
                want.append((f"key-{k}", value))
            # Each file is one message; -k gives them all the key.
            kcat(["-P", "-b", bootstrap(self.server), "-t", "kcat2k", "-p", "1", "-k", f"key-{k}"]
                 + files)
        shards = self.kinesis.list_shards(StreamName="kcat2k")["Shards"]
        self.assertEqual(sorted(shard_index(s["ShardId"]) for s in shards), [0, 1])
        records, _ = read_shard(self.kinesis, "kcat2k", "shardId-000000000001")
        self.assertEqual([(r["PartitionKey"], r["Data"]) for r in records], want)
        empty, _ = read_shard(self.kinesis, "kcat2k", "shardId-000000000000")
        self.assertEqual(empty, [])

    def test_compressed_kcat_batches_read_by_kinesis_byte_for_byte(self):
        tmp = tempfile.TemporaryDirectory(prefix="millrace-cross-z-")
        self.addCleanup(tmp.cleanup)
        for codec_id, codec in enumerate(("gzip", "snappy", "lz4", "zstd"), start=1):
            with self.subTest(codec=codec):
                topic = f"z-{codec}"
                create_topic(self.server, topic, partitions=1)
                want = []
                for k in range(4):
                    files = []
                    for j in range(10):
                        path = os.path.join(tmp.name, f"{codec}-{k}-{j}")
                        value = binary_value(k * 10 + j) * (1 + j % 3)
                        with open(path, "wb") as f:
                            f.write(value)
                        files.append(path)
                        want.append((f"{codec}-key-{k}", value))
                    # One kcat run: its 10 messages leave in one compressed batch.
                    kcat(["-P", "-b", bootstrap(self.server), "-t", topic, "-p", "0",
                          "-k", f"{codec}-key-{k}", "-z", codec, "-X", "linger.ms=200",
                          "-X", "acks=all"] + files)
                batches = stored_batches(self.server.data_dir, topic, 0)
                compressed = [b for b in batches if b[2] == codec_id and b[1] - b[0] >= 2]
                self.assertTrue(compressed, f"no multi-record {codec} batch on disk: {batches}")

                records, _ = read_shard(self.kinesis, topic, "shardId-000000000000")
                self.assertEqual([(r["PartitionKey"], r["Data"]) for r in records], want)
                seqs = [r["SequenceNumber"] for r in records]
                self.assertEqual(seqs, sorted(seqs, key=int))

                # Position exactly inside a compressed batch, by sequence number.
                base, last, _ = compressed[-1]
                middle = base + (last - base) // 2 + 1
                for kind, first in (("AT_SEQUENCE_NUMBER", middle),
                                    ("AFTER_SEQUENCE_NUMBER", middle + 1)):
                    it = self.kinesis.get_shard_iterator(
                        StreamName=topic, ShardId="shardId-000000000000",
                        ShardIteratorType=kind,
                        StartingSequenceNumber=seqs[middle])["ShardIterator"]
                    got = self.kinesis.get_records(ShardIterator=it, Limit=3)
                    self.assertEqual(
                        [(r["SequenceNumber"], r["PartitionKey"], r["Data"])
                         for r in got["Records"]],
                        [(seqs[i], *want[i]) for i in range(first, min(first + 3, len(want)))],
                        kind)

    def test_subscribe_to_shard_pushes_the_records_of_compressed_batches(self):
        topic = "z-subscribe"
        create_topic(self.server, topic, partitions=1)
        want = []
        for codec in ("lz4", "zstd", "snappy"):
            # kcat -P sends one message per stdin line, so the values hold no newline.
            values = [(f"{codec}-{i}-".encode() + binary_value(i)).replace(b"\n", b"_")
                      for i in range(25)]
            want += [(f"sub-{codec}", v) for v in values]
            kcat(["-P", "-b", bootstrap(self.server), "-t", topic, "-p", "0", "-k",
                  f"sub-{codec}", "-z", codec, "-X", "linger.ms=200", "-X", "acks=all"],
                 input_bytes=b"\n".join(values) + b"\n")
        batches = stored_batches(self.server.data_dir, topic, 0)
        self.assertEqual({b[2] for b in batches}, {2, 3, 4})
        zstd = [b for b in batches if b[2] == 4 and b[1] > b[0]]
        self.assertTrue(zstd, batches)
        start = zstd[0][0] + 1  # the second record of a zstd batch
        records, _ = read_shard(self.kinesis, topic, "shardId-000000000000")
        seqs = [r["SequenceNumber"] for r in records]
        self.assertEqual(len(seqs), len(want))

        arn = self.kinesis.describe_stream_summary(
            StreamName=topic)["StreamDescriptionSummary"]["StreamARN"]
        consumer = self.kinesis.register_stream_consumer(
            StreamARN=arn, ConsumerName="zc")["Consumer"]["ConsumerARN"]
        deadline = time.time() + 30
        while time.time() < deadline:
            status = self.kinesis.describe_stream_consumer(
                ConsumerARN=consumer)["ConsumerDescription"]["ConsumerStatus"]
            if status == "ACTIVE":
                break
            time.sleep(0.1)
        r = self.kinesis.subscribe_to_shard(
            ConsumerARN=consumer, ShardId="shardId-000000000000",
            StartingPosition={"Type": "AT_SEQUENCE_NUMBER", "SequenceNumber": seqs[start]})
        got = []
        for ev in r["EventStream"]:
            got += [(x["SequenceNumber"], x["PartitionKey"], x["Data"])
                    for x in ev["SubscribeToShardEvent"]["Records"]]
            if len(got) >= len(want) - start:
                break
        r["EventStream"].close()
        self.assertEqual(got, [(seqs[i], *want[i]) for i in range(start, len(want))])

    def test_stream_is_a_topic_and_closed_shards_stay_readable(self):
        self.kinesis.create_stream(StreamName="reshard", ShardCount=2)
        wait_active(self.kinesis, "reshard")
        admin = AdminClient({"bootstrap.servers": bootstrap(self.server)})
        topic = admin.list_topics("reshard", timeout=10).topics["reshard"]
        self.assertIsNone(topic.error)
        self.assertEqual(sorted(topic.partitions), [0, 1])
        before = [{"Data": binary_value(i), "PartitionKey": f"before-{i}"} for i in range(40)]
        placed = self.kinesis.put_records(StreamName="reshard", Records=before)["Records"]
        in_zero = [(e["PartitionKey"].encode(), e["Data"]) for e, p in zip(before, placed)
                   if shard_index(p["ShardId"]) == 0]
        self.assertTrue(in_zero)
        self.kinesis.update_shard_count(StreamName="reshard", TargetShardCount=4,
                                        ScalingType="UNIFORM_SCALING")
        wait_active(self.kinesis, "reshard")
        shards = self.kinesis.list_shards(StreamName="reshard")["Shards"]
        closed = [s for s in shards if "EndingSequenceNumber" in s["SequenceNumberRange"]]
        self.assertIn("shardId-000000000000", [s["ShardId"] for s in closed])
        after = [{"Data": binary_value(i), "PartitionKey": f"after-{i}"} for i in range(40)]
        self.assertEqual(
            self.kinesis.put_records(StreamName="reshard", Records=after)["FailedRecordCount"], 0)
        # Every shard, open or closed, is a partition with the same number.
        topic = admin.list_topics("reshard", timeout=10).topics["reshard"]
        self.assertEqual(sorted(topic.partitions), sorted(shard_index(s["ShardId"])
                                                          for s in shards))
        # The closed shard 0 still serves its records to Kafka, exactly those put before.
        got = kcat_records(self.server, "reshard", 0)
        self.assertEqual([(k, v) for _, k, v in got], in_zero)
        # And the new shards got the later records.
        later = []
        for s in shards:
            if s in closed:
                continue
            later += [k for _, k, _ in kcat_records(self.server, "reshard",
                                                    shard_index(s["ShardId"]))]
        self.assertEqual(sorted(later), sorted(e["PartitionKey"].encode() for e in after))


if __name__ == "__main__":
    unittest.main()
