"""The AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis, default HTTP/2 handler) against the
Kinesis API: PutRecords and GetRecords round trip (kinesis_js_sdk.mjs)."""

import os
import subprocess
import unittest

from harness import MillraceServer

HERE = os.path.dirname(os.path.abspath(__file__))


class JsSdkTest(unittest.TestCase):
    def test_put_records_get_records_over_http2(self):
        with MillraceServer() as server:
            r = subprocess.run(["node", "kinesis_js_sdk.mjs", server.edge_url], cwd=HERE,
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr + server.log()[-3000:])
            self.assertIn("ok: 1000 records", r.stdout)


if __name__ == "__main__":
    unittest.main()
