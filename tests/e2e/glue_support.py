"""Shared set-up of the Glue end-to-end tests: one server per test class, a boto3 Glue client
and an `aws glue` runner (the Debian cli, dummy credentials) against it."""

import json
import os
import subprocess
import unittest

import boto3
from botocore.config import Config

from harness import MillraceServer

AWS = "/usr/bin/aws"
HERE = os.path.dirname(os.path.abspath(__file__))
ENV = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
           AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")


def glue_client(server):
    return boto3.client("glue", endpoint_url=server.edge_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 1}))


class GlueTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.glue = glue_client(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.glue.close()
        code = cls.server.stop()
        assert code == 0, f"server exit code {code}; log:\n{cls.server.log()}"

    def aws(self, *args, check=True, server=None):
        """Runs `aws <args>` against the server; returns the parsed JSON output ({} when there
        is none, the text when it is not JSON), or the CompletedProcess when check is False."""
        server = server or self.server
        r = subprocess.run([AWS, "--endpoint-url", server.edge_url, "--output", "json", *args],
                           capture_output=True, text=True, env=ENV, timeout=120)
        if not check:
            return r
        self.assertEqual(r.returncode, 0, f"aws {' '.join(args)}: {r.stderr}")
        if not r.stdout.strip():
            return {}
        try:
            return json.loads(r.stdout)
        except json.JSONDecodeError:
            return r.stdout

    def error_code(self, call, **kwargs):
        """The Glue error code `call(**kwargs)` fails with."""
        with self.assertRaises(self.glue.exceptions.ClientError) as e:
            call(**kwargs)
        return e.exception.response["Error"]["Code"]
