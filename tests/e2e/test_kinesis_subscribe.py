"""SubscribeToShard (enhanced fan-out) with the AWS SDK for JavaScript v3 over its default HTTP/2
handler (kinesis_subscribe.mjs), and with boto3 over HTTP/1.1 (chunked event stream)."""

import os
import subprocess
import time
import unittest

from harness import MillraceServer

HERE = os.path.dirname(os.path.abspath(__file__))
ADDRESSES = ["--edge", "127.0.0.1:0", "--kafka", "127.0.0.1:0"]


def run_node(server, mode):
    return subprocess.run(["node", "kinesis_subscribe.mjs", server.edge_url, mode], cwd=HERE,
                          capture_output=True, text=True, timeout=120)


class JsSdkSubscribeTest(unittest.TestCase):
    def test_positions_overlap_resume_deregister_delete(self):
        with MillraceServer() as server:
            r = run_node(server, "main")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr + server.log()[-3000:])
            self.assertIn("ok: main", r.stdout)

    def test_short_lifetime_ends_cleanly_and_renews(self):
        with MillraceServer(args=ADDRESSES + ["--kinesis-subscription-ms", "3000"]) as server:
            r = run_node(server, "lifetime")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr + server.log()[-3000:])
            self.assertIn("ok: lifetime", r.stdout)


if __name__ == "__main__":
    unittest.main()
