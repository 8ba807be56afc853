"""Shared set-up of the lake's end-to-end tests: one server per test class, a boto3 client, an
`aws` cli runner with dummy credentials, a scratch directory and the on-disk path of an object."""

import os
import subprocess
import tempfile
import unittest

import boto3
from botocore.config import Config

from harness import MillraceServer

AWS = "/usr/bin/aws"
HERE = os.path.dirname(os.path.abspath(__file__))


class LakeTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                       AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        cls.s3 = boto3.client("s3", endpoint_url=cls.server.edge_url, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test",
                              config=Config(s3={"addressing_style": "path"},
                                            retries={"max_attempts": 1}))
        cls.tmp = tempfile.TemporaryDirectory(prefix="millrace-lake-")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        code = cls.server.stop()
        assert code == 0, f"server exit code {code}; log:\n{cls.server.log()}"

    def aws(self, *args, check=True):
        r = subprocess.run([AWS, "--endpoint-url", self.server.edge_url, *args],
                           capture_output=True, text=True, env=self.env, timeout=120)
        if check:
            self.assertEqual(r.returncode, 0, f"aws {' '.join(args)}: {r.stderr}")
        return r

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def lake_path(self, bucket, key):
        return os.path.join(self.server.data_dir, "lake", bucket, key)

