"""The aws cli against the Kinesis API: lifecycle, retention, encryption, monitoring, stream mode and limits."""

import unittest

from kinesis_cli import CliTestCase


class CliTest(CliTestCase):
    def test_lifecycle(self):
        self.aws("create-stream", "--stream-name", "life", "--shard-count", "3")
        self.aws("wait", "stream-exists", "--stream-name", "life")
        d = self.aws("describe-stream", "--stream-name", "life")["StreamDescription"]
        self.assertEqual(d["StreamStatus"], "ACTIVE")
        self.assertEqual(len(d["Shards"]), 3)
        self.assertEqual(d["StreamARN"], "arn:aws:kinesis:us-east-1:000000000000:stream/life")
        self.assertEqual(d["Shards"][0]["HashKeyRange"]["StartingHashKey"], "0")
        self.assertEqual(d["Shards"][2]["HashKeyRange"]["EndingHashKey"], str(2**128 - 1))
        s = self.aws("describe-stream-summary", "--stream-name", "life")
        self.assertEqual(s["StreamDescriptionSummary"]["OpenShardCount"], 3)
        self.assertIn("life", self.aws("list-streams")["StreamNames"])
        err = self.aws("create-stream", "--stream-name", "life", "--shard-count", "1", ok=False)
        self.assertIn("ResourceInUseException", err)
        self.aws("increase-stream-retention-period", "--stream-name", "life",
                 "--retention-period-hours", "48")
        self.aws("decrease-stream-retention-period", "--stream-name", "life",
                 "--retention-period-hours", "24")
        err = self.aws("decrease-stream-retention-period", "--stream-name", "life",
                       "--retention-period-hours", "48", ok=False)
        self.assertIn("InvalidArgumentException", err)
        self.aws("start-stream-encryption", "--stream-name", "life", "--encryption-type", "KMS",
                 "--key-id", "alias/aws/kinesis")
        d = self.aws("describe-stream", "--stream-name", "life")["StreamDescription"]
        self.assertEqual((d["EncryptionType"], d["KeyId"]), ("KMS", "alias/aws/kinesis"))
        self.aws("stop-stream-encryption", "--stream-name", "life", "--encryption-type", "KMS",
                 "--key-id", "alias/aws/kinesis")
        m = self.aws("enable-enhanced-monitoring", "--stream-name", "life",
                     "--shard-level-metrics", "IncomingBytes", "OutgoingRecords")
        self.assertEqual(sorted(m["DesiredShardLevelMetrics"]),
                         ["IncomingBytes", "OutgoingRecords"])
        m = self.aws("disable-enhanced-monitoring", "--stream-name", "life",
                     "--shard-level-metrics", "IncomingBytes")
        self.assertEqual(m["DesiredShardLevelMetrics"], ["OutgoingRecords"])
        self.aws("update-stream-mode", "--stream-arn", d["StreamARN"],
                 "--stream-mode-details", "StreamMode=ON_DEMAND")
        err = self.aws("split-shard", "--stream-name", "life", "--shard-to-split",
                       "shardId-000000000000", "--new-starting-hash-key", "100", ok=False)
        self.assertIn("ValidationException", err)
        self.aws("delete-stream", "--stream-name", "life")
        self.aws("wait", "stream-not-exists", "--stream-name", "life")
        err = self.aws("describe-stream", "--stream-name", "life", ok=False)
        self.assertIn("ResourceNotFoundException", err)

    def test_limits(self):
        limits = self.aws("describe-limits")
        self.assertGreaterEqual(limits["ShardLimit"], limits["OpenShardCount"])


if __name__ == "__main__":
    unittest.main()
