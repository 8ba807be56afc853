"""Kafka state that must survive a restart or a kill -9: idempotent-producer sequences (a retried
batch after a restart is still a duplicate, a gap still out of order), producer ids never reused,
a confluent-kafka idempotent producer carrying on across a restart with no loss and no
duplicates, and committed group offsets resuming after kill -9."""

import os
import signal
import socket
import struct
import tempfile
import time
import unittest

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition

from harness import MillraceServer
from kafka_util import bootstrap, create_topic, kcat
from test_kafka_clients import crc32c, frame, read_frame, zigzag

OUT_OF_ORDER_SEQUENCE_NUMBER = 45


def idempotent_batch(producer_id, epoch, base_sequence, values):
    """A RecordBatch v2 of `values` (bytes) with the given producer fields."""
    records = b""
    for i, value in enumerate(values):
        body = (b"\x00" + zigzag(i) + zigzag(i) + zigzag(-1) + zigzag(len(value)) + value +
                zigzag(0))
        records += zigzag(len(body)) + body
    now = int(time.time() * 1000)
    after_crc = struct.pack(">hiqqqhii", 0, len(values) - 1, now, now, producer_id, epoch,
                            base_sequence, len(values)) + records
    body = struct.pack(">ibI", 0, 2, crc32c(after_crc)) + after_crc
    return struct.pack(">qi", 0, len(body)) + body


def produce_v3(sock, correlation_id, topic, batch):
    """Sends Produce v3 (acks=-1) of one batch to partition 0; returns (error, base_offset)."""
    name = topic.encode()
    body = (struct.pack(">h", -1) + struct.pack(">hi", -1, 10000) + struct.pack(">i", 1) +
            struct.pack(">h", len(name)) + name + struct.pack(">i", 1) + struct.pack(">i", 0) +
            struct.pack(">i", len(batch)) + batch)
    sock.sendall(frame(0, 3, correlation_id, body))
    reply = read_frame(sock)
    corr, = struct.unpack(">i", reply[:4])
    assert corr == correlation_id, (corr, correlation_id)
    off = 4 + 4 + 2 + len(name) + 4 + 4  # topics[1] name partitions[1] index
    error, base_offset = struct.unpack(">hq", reply[off:off + 10])
    return error, base_offset


def init_producer_id(sock, correlation_id):
    """InitProducerId v0 without a transactional id; returns (error, producer id, epoch)."""
    sock.sendall(frame(22, 0, correlation_id, struct.pack(">hi", -1, 60000)))
    reply = read_frame(sock)
    _, _, error, producer_id, epoch = struct.unpack(">iihqh", reply[:20])
    return error, producer_id, epoch


def high_watermark(broker, topic, partition=0):
    c = Consumer({"bootstrap.servers": broker, "group.id": "hw"})
    try:
        return c.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)[1]
    finally:
        c.close()


class RestartTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="millrace-kafka-durable-")
        self.addCleanup(tmp.cleanup)
        self.data_dir = os.path.join(tmp.name, "data")

    def start(self, kafka_port=0):
        server = MillraceServer(data_dir=self.data_dir,
                                args=["--edge", "127.0.0.1:0", "--kafka",
                                      f"127.0.0.1:{kafka_port}"]).start()
        self.addCleanup(lambda: server.process is not None and server.stop())
        return server

    def connect(self, server):
        s = socket.create_connection((server.kafka_host, server.kafka_port), timeout=20)
        self.addCleanup(s.close)
        return s

    def test_sequences_and_producer_ids_survive_kill_9(self):
        server = self.start()
        create_topic(server, "idem", partitions=1)
        s = self.connect(server)
        error, pid, epoch = init_producer_id(s, 1)
        self.assertEqual((error, epoch), (0, 0))
        first = idempotent_batch(pid, 0, 0, [b"a0", b"a1", b"a2"])
        second = idempotent_batch(pid, 0, 3, [b"b0", b"b1"])
        self.assertEqual(produce_v3(s, 2, "idem", first), (0, 0))
        self.assertEqual(produce_v3(s, 3, "idem", second), (0, 3))
        server.stop(signal.SIGKILL)

        server = self.start()
        s = self.connect(server)
        # Retries of either batch are duplicates: their original offsets, nothing appended.
        self.assertEqual(produce_v3(s, 4, "idem", second), (0, 3))
        self.assertEqual(produce_v3(s, 5, "idem", first), (0, 0))
        self.assertEqual(high_watermark(bootstrap(server), "idem"), 5)
        # A gap is still out of order; the next sequence is appended.
        gap = idempotent_batch(pid, 0, 9, [b"c0"])
        self.assertEqual(produce_v3(s, 6, "idem", gap)[0], OUT_OF_ORDER_SEQUENCE_NUMBER)
        self.assertEqual(produce_v3(s, 7, "idem", idempotent_batch(pid, 0, 5, [b"d0"])), (0, 5))
        self.assertEqual(high_watermark(bootstrap(server), "idem"), 6)
        # Producer ids are not handed out again.
        later = [init_producer_id(s, 8 + i)[1] for i in range(3)]
        self.assertTrue(all(p > pid for p in later), (pid, later))
        self.assertEqual(len(set(later)), 3)
        self.assertEqual(server.stop(), 0)

    def test_idempotent_producer_carries_on_across_a_restart(self):
        server = self.start()
        port = server.kafka_port
        create_topic(server, "carry", partitions=3)
        p = Producer({"bootstrap.servers": bootstrap(server), "enable.idempotence": True,
                      "linger.ms": 2, "message.timeout.ms": 60000,
                      "reconnect.backoff.ms": 50, "reconnect.backoff.max.ms": 500})
        errors = []
        report = lambda err, msg: err and errors.append(err)
        for i in range(2000):
            p.produce("carry", key=str(i % 30), value=f"v{i}", on_delivery=report)
        self.assertEqual(p.flush(30), 0)
        self.assertEqual(server.stop(), 0)
        server = self.start(kafka_port=port)
        for i in range(2000, 4000):
            p.produce("carry", key=str(i % 30), value=f"v{i}", on_delivery=report)
            if i % 500 == 0:
                p.poll(0)
        self.assertEqual(p.flush(60), 0)
        self.assertEqual(errors, [])
        c = Consumer({"bootstrap.servers": bootstrap(server), "group.id": "carry-check",
                      "auto.offset.reset": "earliest", "enable.partition.eof": True})
        c.assign([TopicPartition("carry", i, 0) for i in range(3)])
        values, eof = [], set()
        deadline = time.time() + 30
        while len(eof) < 3 and time.time() < deadline:
            m = c.poll(1)
            if m is None:
                continue
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    eof.add(m.partition())
                continue
            values.append(m.value().decode())
        c.close()
        self.assertEqual(sorted(values), sorted(f"v{i}" for i in range(4000)))
        self.assertEqual(server.stop(), 0)

    def test_committed_offsets_resume_after_kill_9(self):
        server = self.start()
        create_topic(server, "crashy", partitions=2)
        lines = lambda n, tag: b"".join(f"{i}:{tag}-{i}\n".encode() for i in range(n))
        kcat(["-P", "-b", bootstrap(server), "-t", "crashy", "-K:"],
             input_bytes=lines(800, "first"))
        out = kcat(["-b", bootstrap(server), "-G", "crashers", "crashy", "-e", "-q",
                    "-f", "%s\\n", "-X", "auto.offset.reset=earliest"])
        self.assertEqual(len(out.splitlines()), 800)
        # kcat -G commits on its way out; the commit was answered, so it must be on disk.
        offsets_dir = os.path.join(self.data_dir, "kafka", "offsets")
        self.assertTrue(any(n.endswith(".offsets") for n in os.listdir(offsets_dir)))
        server.stop(signal.SIGKILL)

        server = self.start()
        kcat(["-P", "-b", bootstrap(server), "-t", "crashy", "-K:"],
             input_bytes=lines(300, "second"))
        out = kcat(["-b", bootstrap(server), "-G", "crashers", "crashy", "-e", "-q",
                    "-f", "%s\\n", "-X", "auto.offset.reset=earliest"])
        values = out.decode().splitlines()
        self.assertEqual(len(values), 300)
        self.assertTrue(all(v.startswith("second-") for v in values))
        self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main()
