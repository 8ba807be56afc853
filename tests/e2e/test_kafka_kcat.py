"""Kafka protocol end to end with kcat (librdkafka 2.0): produce and consume 100,000 keyed
messages with each codec, consume as a group, offsets that survive a restart, LogAppendTime."""

import os
import subprocess
import tempfile
import time
import unittest

from harness import MillraceServer
from kafka_util import bootstrap, create_topic, kcat

N = 100_000


def keyed_lines(n, tag):
    return "".join(f"key-{i % 1000}:{tag}-value-{i}\n" for i in range(n)).encode()


class KcatTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.broker = bootstrap(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def produce(self, topic, data, codec="none", extra=()):
        kcat(["-P", "-b", self.broker, "-t", topic, "-K:", "-z", codec, "-X", "linger.ms=5",
              "-X", "batch.num.messages=10000", *extra], input_bytes=data)

    def consume_all(self, topic, fmt="%k:%s\\n"):
        return kcat(["-C", "-b", self.broker, "-t", topic, "-o", "beginning", "-e", "-q",
                     "-f", fmt])

    def test_each_codec_round_trips_100k_keyed_messages(self):
        for codec in ["none", "gzip", "snappy", "lz4", "zstd"]:
            with self.subTest(codec=codec):
                topic = f"codec-{codec}"
                create_topic(self.server, topic, partitions=1)
                data = keyed_lines(N, codec)
                self.produce(topic, data, codec)
                out = self.consume_all(topic)
                # One partition: order is preserved exactly.
                self.assertEqual(out, data)
                offsets = self.consume_all(topic, "%o\\n").split()
                self.assertEqual([int(o) for o in offsets], list(range(N)))

    def test_keyed_messages_spread_over_partitions_and_group_consumes_all(self):
        topic = "grouped"
        create_topic(self.server, topic, partitions=4)
        data = keyed_lines(20_000, "g")
        self.produce(topic, data, "lz4")
        meta = kcat(["-L", "-b", self.broker, "-t", topic]).decode()
        self.assertIn("4 partitions", meta)
        out = kcat(["-b", self.broker, "-G", "grp-a", topic, "-o", "beginning", "-e", "-q",
                    "-f", "%p %k:%s\\n", "-X", "auto.offset.reset=earliest"])
        lines = out.decode().splitlines()
        self.assertEqual(sorted(l.split(" ", 1)[1] for l in lines),
                         sorted(data.decode().splitlines()))
        # The same key always lands in the same partition.
        by_key = {}
        for l in lines:
            p, rest = l.split(" ", 1)
            by_key.setdefault(rest.split(":", 1)[0], set()).add(p)
        self.assertTrue(all(len(ps) == 1 for ps in by_key.values()))
        self.assertGreater(len({p for ps in by_key.values() for p in ps}), 1)

    def test_query_offsets(self):
        topic = "offsets-q"
        create_topic(self.server, topic, partitions=1)
        before = int(time.time() * 1000)
        self.produce(topic, keyed_lines(100, "q"))
        out = kcat(["-Q", "-b", self.broker, "-t", f"{topic}:0:{before}"]).decode()
        self.assertIn("offset 0", out)
        far_future = before + 10 * 365 * 24 * 3600 * 1000
        out = kcat(["-Q", "-b", self.broker, "-t", f"{topic}:0:{far_future}"]).decode()
        self.assertIn("offset -1", out)

    def test_log_append_time_topic_rewrites_timestamps(self):
        topic = "append-time"
        create_topic(self.server, topic, config={"message.timestamp.type": "LogAppendTime"})
        before = int(time.time() * 1000)
        # Producer timestamps far in the past.
        kcat(["-P", "-b", self.broker, "-t", topic, "-K:", "-X", "linger.ms=0"],
             input_bytes=b"k:v1\nk:v2\n")
        out = self.consume_all(topic, "%T %s\\n").decode().split("\n")
        stamps = [int(l.split()[0]) for l in out if l]
        self.assertEqual(len(stamps), 2)
        for ts in stamps:
            self.assertGreaterEqual(ts, before - 1000)

    def test_unknown_topic_is_an_error_without_auto_create(self):
        result = subprocess.run(
            ["kcat", "-P", "-b", self.broker, "-t", "no-such-topic", "-X",
             "message.timeout.ms=3000"], input=b"x\n", capture_output=True, timeout=30)
        self.assertNotEqual(result.stderr, b"")


class KcatRestartTest(unittest.TestCase):
    def test_group_offsets_resume_after_restart(self):
        tmp = tempfile.TemporaryDirectory(prefix="millrace-kafka-restart-")
        self.addCleanup(tmp.cleanup)
        data_dir = os.path.join(tmp.name, "data")
        server = MillraceServer(data_dir=data_dir).start()
        try:
            create_topic(server, "resume", partitions=2)
            kcat(["-P", "-b", bootstrap(server), "-t", "resume", "-K:"],
                 input_bytes=keyed_lines(1000, "first"))
            out = kcat(["-b", bootstrap(server), "-G", "resumer", "resume", "-e", "-q",
                        "-f", "%s\\n", "-X", "auto.offset.reset=earliest"])
            self.assertEqual(len(out.splitlines()), 1000)
        finally:
            self.assertEqual(server.stop(), 0)
        server = MillraceServer(data_dir=data_dir).start()
        try:
            kcat(["-P", "-b", bootstrap(server), "-t", "resume", "-K:"],
                 input_bytes=keyed_lines(500, "second"))
            out = kcat(["-b", bootstrap(server), "-G", "resumer", "resume", "-e", "-q",
                        "-f", "%s\\n", "-X", "auto.offset.reset=earliest"])
            values = out.decode().splitlines()
            self.assertEqual(len(values), 500)
            self.assertTrue(all(v.startswith("second-") for v in values))
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main()
