"""Kafka protocol end to end with python3-confluent-kafka (librdkafka): an idempotent producer,
a three-consumer group on a six-partition topic that rebalances when one member leaves with
every message consumed exactly once, admin APIs; and bad input on raw sockets."""

import socket
import struct
import threading
import time
import unittest

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions

from harness import MillraceServer
from kafka_util import bootstrap, create_topic


class ConfluentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.broker = bootstrap(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_idempotent_producer(self):
        create_topic(self.server, "idem", partitions=3)
        p = Producer({"bootstrap.servers": self.broker, "enable.idempotence": True,
                      "linger.ms": 2})
        errors = []
        for i in range(5000):
            p.produce("idem", key=str(i % 50), value=f"v{i}",
                      on_delivery=lambda err, msg: err and errors.append(err))
            if i % 1000 == 0:
                p.poll(0)
        self.assertEqual(p.flush(30), 0)
        self.assertEqual(errors, [])
        c = Consumer({"bootstrap.servers": self.broker, "group.id": "idem-check",
                      "auto.offset.reset": "earliest", "enable.partition.eof": True})
        c.assign([TopicPartition("idem", i, 0) for i in range(3)])
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
        self.assertEqual(sorted(values), sorted(f"v{i}" for i in range(5000)))

    def test_transactional_producer_is_refused_with_a_fatal_error(self):
        # Transactions are not implemented: the client must fail at once, not retry.
        p = Producer({"bootstrap.servers": self.broker, "transactional.id": "tx-refused"})
        with self.assertRaises(KafkaException) as raised:
            p.init_transactions(20)
        error = raised.exception.args[0]
        self.assertEqual(error.code(), KafkaError.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
        self.assertTrue(error.fatal())
        self.assertIn("transactions are not supported", error.str())

    def test_group_of_three_rebalances_and_consumes_each_message_once(self):
        topic, total = "group6", 6000
        create_topic(self.server, topic, partitions=6)
        p = Producer({"bootstrap.servers": self.broker, "linger.ms": 2})
        for i in range(total // 2):
            p.produce(topic, key=str(i), value=str(i))
        p.flush(30)

        seen, lock = [], threading.Lock()
        stop_all, stop_one = threading.Event(), threading.Event()
        assigned = {}

        def consume(name, stop_me):
            c = Consumer({"bootstrap.servers": self.broker, "group.id": "g6",
                          "auto.offset.reset": "earliest", "enable.auto.commit": False,
                          "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
                          "client.id": name})

            def on_assign(consumer, partitions):
                assigned[name] = [tp.partition for tp in partitions]

            def on_revoke(consumer, partitions):
                assigned[name] = []  # eager rebalance: everything is revoked first

            c.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
            while not stop_all.is_set() and not stop_me.is_set():
                m = c.poll(0.2)
                if m is None or m.error():
                    continue
                # Processing counts once its commit succeeds; a commit refused during a
                # rebalance means the message comes again (to whoever owns it next).
                try:
                    c.commit(message=m, asynchronous=False)
                except KafkaException:
                    continue
                with lock:
                    seen.append(int(m.value()))
            c.close()  # LeaveGroup: the others take over its partitions

        threads = [threading.Thread(target=consume, args=("c0", stop_one))]
        threads += [threading.Thread(target=consume, args=(f"c{i}", threading.Event()))
                    for i in (1, 2)]
        for t in threads:
            t.start()
        deadline = time.time() + 30
        while time.time() < deadline and (len(assigned) < 3 or len(seen) < total // 2):
            time.sleep(0.2)
        self.assertEqual(len(assigned), 3)
        self.assertEqual(sorted(p for ps in assigned.values() for p in ps), list(range(6)))
        stop_one.set()
        threads[0].join(20)
        for i in range(total // 2, total):
            p.produce(topic, key=str(i), value=str(i))
        p.flush(30)
        deadline = time.time() + 40
        def survivors_cover_all():
            return sorted(p for n in ("c1", "c2") for p in assigned.get(n, [])) == list(range(6))

        while time.time() < deadline and (len(seen) < total or not survivors_cover_all()):
            time.sleep(0.2)
        final_cover = survivors_cover_all()
        time.sleep(1)  # late duplicates would show up in `seen`
        stop_all.set()
        for t in threads:
            t.join(20)
        self.assertEqual(sorted(seen), list(range(total)), "each message exactly once")
        self.assertTrue(final_cover, f"c1 and c2 own every partition once: {assigned}")

    def test_admin_describe_configs_and_create_partitions(self):
        create_topic(self.server, "admin-t", partitions=2,
                     config={"retention.ms": "3600000", "segment.bytes": "1048576"})
        admin = AdminClient({"bootstrap.servers": self.broker})
        res = ConfigResource(ConfigResource.Type.TOPIC, "admin-t")
        configs = admin.describe_configs([res])[res].result(timeout=30)
        self.assertEqual(configs["retention.ms"].value, "3600000")
        self.assertEqual(configs["segment.bytes"].value, "1048576")
        self.assertEqual(configs["cleanup.policy"].value, "delete")
        admin.create_partitions([NewPartitions("admin-t", 5)])["admin-t"].result(timeout=30)
        md = admin.list_topics("admin-t", timeout=10)
        self.assertEqual(len(md.topics["admin-t"].partitions), 5)
        admin.delete_topics(["admin-t"])["admin-t"].result(timeout=30)
        md = admin.list_topics(timeout=10)
        self.assertNotIn("admin-t", md.topics)


def frame(api_key, version, correlation_id, body=b"", client_id=b"raw", flexible=False):
    header = struct.pack(">hhih", api_key, version, correlation_id, len(client_id)) + client_id
    if flexible:
        header += b"\x00"  # request header v2: no tagged fields
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def read_frame(sock):
    def exact(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data
    size = exact(4)
    if size is None:
        return None
    return exact(struct.unpack(">i", size)[0])


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def connect(self):
        s = socket.create_connection((self.server.kafka_host, self.server.kafka_port), timeout=10)
        self.addCleanup(s.close)
        return s

    def assert_closed(self, sock):
        sock.settimeout(10)
        try:
            self.assertEqual(sock.recv(1), b"")
        except ConnectionResetError:
            pass

    def assert_still_serving(self):
        s = self.connect()
        s.sendall(frame(18, 0, 77))
        reply = read_frame(s)
        self.assertIsNotNone(reply)
        corr, error = struct.unpack(">ih", reply[:6])
        self.assertEqual((corr, error), (77, 0))

    def test_api_versions_v0_and_unknown_version(self):
        s = self.connect()
        s.sendall(frame(18, 0, 1))
        reply = read_frame(s)
        self.assertEqual(struct.unpack(">ih", reply[:6]), (1, 0))
        s.sendall(frame(18, 99, 2, flexible=True))
        reply = read_frame(s)
        self.assertEqual(struct.unpack(">ih", reply[:6]), (2, 35))  # UNSUPPORTED_VERSION

    def test_unknown_api_key_and_version_get_unsupported_version(self):
        s = self.connect()
        s.sendall(frame(999, 0, 5))
        reply = read_frame(s)
        self.assertEqual(struct.unpack(">ih", reply[:6]), (5, 35))
        s.sendall(frame(0, 42, 6, flexible=True))  # Produce v42
        reply = read_frame(s)
        self.assertEqual(struct.unpack(">ih", reply[:6]), (6, 35))
        self.assert_still_serving()

    def test_huge_and_tiny_frames_close_only_that_connection(self):
        for size in (0x7FFFFFFF, 200 * 1024 * 1024, 3, -5):
            s = self.connect()
            s.sendall(struct.pack(">i", size) + b"x" * 16)
            self.assert_closed(s)
        self.assert_still_serving()

    def test_truncated_and_malformed_frames(self):
        s = self.connect()
        s.sendall(struct.pack(">i", 100) + b"\x00\x03")  # 2 of 100 bytes, then EOF
        s.shutdown(socket.SHUT_WR)
        self.assert_closed(s)
        # A Metadata v1 body that claims a huge topic array.
        s = self.connect()
        s.sendall(frame(3, 1, 10, struct.pack(">i", 1000000)))
        self.assert_closed(s)
        self.assert_still_serving()

    def test_corrupt_crc_is_refused_and_nothing_appended(self):
        create_topic(self.server, "crc", partitions=1)
        batch = bytearray(make_batch())
        batch[-1] ^= 0xFF  # damage a record byte: the CRC no longer matches
        body = (struct.pack(">h", -1) + struct.pack(">hi", 1, 5000) + struct.pack(">i", 1) +
                struct.pack(">h", 3) + b"crc" + struct.pack(">i", 1) + struct.pack(">i", 0) +
                struct.pack(">i", len(batch)) + bytes(batch))
        s = self.connect()
        s.sendall(frame(0, 3, 11, body))
        reply = read_frame(s)
        corr, = struct.unpack(">i", reply[:4])
        self.assertEqual(corr, 11)
        # topics[1] name "crc" partitions[1] index 0 error_code
        off = 4 + 4 + 2 + 3 + 4 + 4
        error, = struct.unpack(">h", reply[off:off + 2])
        self.assertEqual(error, 2)  # CORRUPT_MESSAGE
        c = Consumer({"bootstrap.servers": bootstrap(self.server), "group.id": "x"})
        low, high = c.get_watermark_offsets(TopicPartition("crc", 0), timeout=10)
        c.close()
        self.assertEqual((low, high), (0, 0))
        self.assert_still_serving()



class PipeliningTest(unittest.TestCase):
    """Requests sent back to back on one connection are answered in request order, and pipelined
    Produce requests land in the partition in request order."""

    def test_pipelined_produce_answers_in_order(self):
        with MillraceServer() as server:
            create_topic(server, "pipe", partitions=1)
            s = socket.create_connection((server.kafka_host, server.kafka_port), timeout=20)
            self.addCleanup(s.close)

            def produce(acks, corr):
                batch = make_batch()
                body = (struct.pack(">h", -1) + struct.pack(">hi", acks, 5000) +
                        struct.pack(">i", 1) + struct.pack(">h", 4) + b"pipe" +
                        struct.pack(">i", 1) + struct.pack(">i", 0) +
                        struct.pack(">i", len(batch)) + batch)
                return frame(0, 3, corr, body)

            # 20 Produce (acks=-1), one acks=0 (no answer), an ApiVersions in the middle,
            # 10 more Produce: all written before any answer is read.
            burst = b"".join(produce(-1, c) for c in range(100, 120))
            burst += produce(0, 500) + frame(18, 0, 600)
            burst += b"".join(produce(-1, c) for c in range(120, 130))
            s.sendall(burst)
            answers = []
            for _ in range(31):
                reply = read_frame(s)
                self.assertIsNotNone(reply)
                answers.append(reply)
            corrs = [struct.unpack(">i", r[:4])[0] for r in answers]
            self.assertEqual(corrs, list(range(100, 120)) + [600] + list(range(120, 130)))
            offsets = []
            for r in answers[:20] + answers[21:]:
                off = 4 + 4 + 2 + 4 + 4 + 4
                error, base = struct.unpack(">hq", r[off:off + 10])
                self.assertEqual(error, 0)
                offsets.append(base)
            # One record per batch; the acks=0 batch was appended between the two runs.
            self.assertEqual(offsets, list(range(0, 20)) + list(range(21, 31)))


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def zigzag(n):
    n = (n << 1) ^ (n >> 63)
    out = b""
    while True:
        if n < 0x80:
            return out + bytes([n])
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7


def make_batch():
    value = b"hello"
    record = b"\x00" + zigzag(0) + zigzag(0) + zigzag(-1) + zigzag(len(value)) + value + zigzag(0)
    records = zigzag(len(record)) + record
    now = int(time.time() * 1000)
    after_crc = (struct.pack(">hiqqqhii", 0, 0, now, now, -1, -1, -1, 1) + records)
    crc = crc32c(after_crc)
    body = struct.pack(">ibI", 0, 2, crc) + after_crc
    return struct.pack(">qi", 0, len(body)) + body


if __name__ == "__main__":
    unittest.main()
