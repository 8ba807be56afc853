"""kafkajs 2.2.4 (npm, pinned in package-lock.json) against millrace: admin, producer and a
consumer group, driven by kafka_kafkajs.mjs."""

import os
import subprocess
import unittest

from harness import MillraceServer

HERE = os.path.dirname(os.path.abspath(__file__))


class KafkajsTest(unittest.TestCase):
    def test_producer_and_consumer_group(self):
        with MillraceServer() as server:
            result = subprocess.run(
                ["node", "kafka_kafkajs.mjs", f"{server.kafka_host}:{server.kafka_port}"],
                cwd=HERE, capture_output=True, text=True, timeout=90)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("produced and consumed 2000", result.stdout)


if __name__ == "__main__":
    unittest.main()
