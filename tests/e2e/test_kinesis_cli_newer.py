"""UpdateMaxRecordSize and DescribeAccountSettings through the aws cli.

Debian's aws cli predates both operations, so the test hands the cli its own Kinesis model plus
the two operations (and the MaxRecordSizeInKiB member of StreamDescriptionSummary), written here
from the public API reference, through AWS_DATA_PATH. Client-side parameter validation is turned
off so that out-of-range values reach the server, whose ValidationException the test checks.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import MillraceServer

AWS = "/usr/bin/aws"
MODEL = "/usr/lib/python3/dist-packages/awscli/botocore/data/kinesis/2013-12-02/service-2.json"
ACCOUNT = "000000000000"

NEWER_OPERATIONS = {
    "UpdateMaxRecordSize": {
        "name": "UpdateMaxRecordSize",
        "http": {"method": "POST", "requestUri": "/"},
        "input": {"shape": "UpdateMaxRecordSizeInput"},
        "errors": [{"shape": s} for s in ("ResourceInUseException", "ResourceNotFoundException",
                                          "LimitExceededException", "InvalidArgumentException",
                                          "AccessDeniedException", "ValidationException")],
    },
    "DescribeAccountSettings": {
        "name": "DescribeAccountSettings",
        "http": {"method": "POST", "requestUri": "/"},
        "input": {"shape": "DescribeAccountSettingsInput"},
        "output": {"shape": "DescribeAccountSettingsOutput"},
        "errors": [{"shape": "LimitExceededException"}],
    },
}

NEWER_SHAPES = {
    "MaxRecordSizeInKiB": {"type": "integer", "min": 1024, "max": 10240},
    "UpdateMaxRecordSizeInput": {
        "type": "structure", "required": ["MaxRecordSizeInKiB"],
        "members": {"StreamARN": {"shape": "StreamARN"},
                    "MaxRecordSizeInKiB": {"shape": "MaxRecordSizeInKiB"}},
    },
    "DescribeAccountSettingsInput": {"type": "structure", "members": {}},
    "DescribeAccountSettingsOutput": {
        "type": "structure",
        "members": {"MinimumThroughputBillingCommitment":
                    {"shape": "MinimumThroughputBillingCommitmentOutput"}},
    },
    "MinimumThroughputBillingCommitmentOutput": {
        "type": "structure", "required": ["Status"],
        "members": {"Status": {"shape": "MinimumThroughputBillingCommitmentOutputStatus"},
                    "StartedAt": {"shape": "Timestamp"}, "EndedAt": {"shape": "Timestamp"},
                    "EarliestAllowedEndAt": {"shape": "Timestamp"}},
    },
    "MinimumThroughputBillingCommitmentOutputStatus": {
        "type": "string", "enum": ["ENABLED", "DISABLED", "ENABLED_UNTIL_EARLIEST_ALLOWED_END"]},
}


def write_extended_model(root):
    with open(MODEL) as f:
        model = json.load(f)
    model["operations"].update(NEWER_OPERATIONS)
    model["shapes"].update(NEWER_SHAPES)
    model["shapes"]["StreamDescriptionSummary"]["members"]["MaxRecordSizeInKiB"] = {
        "shape": "MaxRecordSizeInKiB"}
    folder = os.path.join(root, "kinesis", "2013-12-02")
    os.makedirs(folder)
    with open(os.path.join(folder, "service-2.json"), "w") as f:
        json.dump(model, f)


class NewerOperationsCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.tmp = tempfile.mkdtemp(prefix="millrace-cli-model-")
        write_extended_model(os.path.join(cls.tmp, "models"))
        config = os.path.join(cls.tmp, "config")
        with open(config, "w") as f:
            f.write("[default]\nparameter_validation = false\n")
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                       AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="",
                       AWS_DATA_PATH=os.path.join(cls.tmp, "models"), AWS_CONFIG_FILE=config)
        cls.arn = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/sized"
        cls.aws(cls, "create-stream", "--stream-name", "sized", "--shard-count", "1")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        code = cls.server.stop()
        assert code == 0, f"exit status {code}; log:\n{cls.server.log()}"

    def aws(self, *args, ok=True):
        r = subprocess.run([AWS, "--endpoint-url", self.server.edge_url, "--output", "json",
                            "kinesis", *args], capture_output=True, text=True, env=self.env,
                           timeout=120)
        if ok:
            assert r.returncode == 0, r.stderr
            return json.loads(r.stdout) if r.stdout.strip() else {}
        assert r.returncode != 0, r.stdout
        return r.stderr

    def summary(self):
        return self.aws("describe-stream-summary", "--stream-name", "sized")[
            "StreamDescriptionSummary"]

    def test_describe_account_settings(self):
        out = self.aws("describe-account-settings")
        self.assertEqual(out["MinimumThroughputBillingCommitment"]["Status"], "DISABLED")
        self.assertIn(out["MinimumThroughputBillingCommitment"]["Status"],
                      NEWER_SHAPES["MinimumThroughputBillingCommitmentOutputStatus"]["enum"])

    def test_update_max_record_size(self):
        self.assertEqual(self.summary()["MaxRecordSizeInKiB"], 1024)
        out = self.aws("update-max-record-size", "--stream-arn", self.arn,
                       "--max-record-size-in-ki-b", "4096")
        self.assertEqual(out, {})
        self.assertEqual(self.summary()["MaxRecordSizeInKiB"], 4096)
        # A record above the old limit and within the new one is accepted.
        big = os.path.join(self.tmp, "big.bin")
        with open(big, "wb") as f:
            f.write(b"y" * (2 * 1024 * 1024))
        put = self.aws("put-record", "--stream-name", "sized", "--partition-key", "k",
                       "--data", f"fileb://{big}")
        self.assertRegex(put["SequenceNumber"], r"^\d{40}$")

    def test_update_max_record_size_errors(self):
        for bad in ("1023", "10241"):
            err = self.aws("update-max-record-size", "--stream-arn", self.arn,
                           "--max-record-size-in-ki-b", bad, ok=False)
            self.assertIn("ValidationException", err)
            self.assertIn(f"Value '{bad}' at 'maxRecordSizeInKiB'", err)
        err = self.aws("update-max-record-size", "--stream-arn",
                       f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/absent",
                       "--max-record-size-in-ki-b", "2048", ok=False)
        self.assertIn("ResourceNotFoundException", err)
        err = self.aws("update-max-record-size", "--stream-arn", "not-an-arn",
                       "--max-record-size-in-ki-b", "2048", ok=False)
        self.assertIn("ValidationException", err)
        # MaxRecordSizeInKiB missing (the cli itself insists on it on the command line).
        err = self.aws("update-max-record-size", "--cli-input-json",
                       json.dumps({"StreamARN": self.arn}), ok=False)
        self.assertIn("ValidationException", err)
        self.assertIn("maxRecordSizeInKiB", err)
        # Unchanged by the refused calls (the test above, run first, set 4096).
        self.assertEqual(self.summary()["MaxRecordSizeInKiB"], 4096)


if __name__ == "__main__":
    unittest.main()
