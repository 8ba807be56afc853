"""A base class for tests that drive the Kinesis API with the aws cli (Debian awscli)."""

import json
import os
import subprocess
import unittest

from harness import MillraceServer

AWS = "/usr/bin/aws"


class CliTestCase(unittest.TestCase):
    """Starts one server per test class; aws() runs /usr/bin/aws against it."""

    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                       AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, f"exit status {code}; log:\n{cls.server.log()}"

    def aws(self, *args, ok=True):
        r = subprocess.run([AWS, "--endpoint-url", self.server.edge_url, "--output", "json",
                            "kinesis", *args], capture_output=True, text=True, env=self.env,
                           timeout=120)
        if ok:
            self.assertEqual(r.returncode, 0, r.stderr)
            return json.loads(r.stdout) if r.stdout.strip() else {}
        self.assertNotEqual(r.returncode, 0, r.stdout)
        return r.stderr
