"""The aws cli (Debian awscli, /usr/bin/aws) against the Kinesis API: lifecycle, put/get,
resharding, tags, consumers, retention, encryption and monitoring."""

import base64
import json
import os
import subprocess
import unittest

from harness import MillraceServer

AWS = "/usr/bin/aws"


class CliTest(unittest.TestCase):
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

    def test_put_get(self):
        self.aws("create-stream", "--stream-name", "pg", "--shard-count", "2")
        seqs = []
        for i in range(5):
            r = self.aws("put-record", "--stream-name", "pg", "--partition-key", "same",
                         "--data", base64.b64encode(f"rec{i}".encode()).decode())
            seqs.append(r["SequenceNumber"])
        self.assertEqual(seqs, sorted(seqs))
        shard = r["ShardId"]
        r = self.aws("put-records", "--stream-name", "pg", "--records",
                     json.dumps([{"Data": base64.b64encode(b"batch").decode(),
                                  "PartitionKey": "same"}] * 3))
        self.assertEqual(r["FailedRecordCount"], 0)
        it = self.aws("get-shard-iterator", "--stream-name", "pg", "--shard-id", shard,
                      "--shard-iterator-type", "AT_SEQUENCE_NUMBER",
                      "--starting-sequence-number", seqs[2])["ShardIterator"]
        got = self.aws("get-records", "--shard-iterator", it)
        self.assertEqual([base64.b64decode(x["Data"]) for x in got["Records"]],
                         [b"rec2", b"rec3", b"rec4", b"batch", b"batch", b"batch"])
        self.assertEqual(got["MillisBehindLatest"], 0)
        self.assertIn("NextShardIterator", got)

    def test_resharding(self):
        self.aws("create-stream", "--stream-name", "rs", "--shard-count", "2")
        self.aws("split-shard", "--stream-name", "rs", "--shard-to-split", "shardId-000000000000",
                 "--new-starting-hash-key", str(2**126))
        shards = self.aws("list-shards", "--stream-name", "rs")["Shards"]
        self.assertEqual([s["ShardId"][-1] for s in shards], ["0", "1", "2", "3"])
        self.aws("merge-shards", "--stream-name", "rs", "--shard-to-merge",
                 "shardId-000000000003", "--adjacent-shard-to-merge", "shardId-000000000001")
        r = self.aws("update-shard-count", "--stream-name", "rs", "--target-shard-count", "4",
                     "--scaling-type", "UNIFORM_SCALING")
        self.assertEqual((r["CurrentShardCount"], r["TargetShardCount"]), (2, 4))
        open_shards = self.aws("list-shards", "--stream-name", "rs", "--shard-filter",
                               "Type=AT_LATEST")["Shards"]
        self.assertEqual(len(open_shards), 4)
        starts = sorted(int(s["HashKeyRange"]["StartingHashKey"]) for s in open_shards)
        self.assertEqual(starts, [i * (2**128 // 4) for i in range(4)])
        page = self.aws("list-shards", "--stream-name", "rs", "--max-results", "2",
                        "--no-paginate")
        self.assertEqual(len(page["Shards"]), 2)
        rest = self.aws("list-shards", "--next-token", page["NextToken"], "--no-paginate")
        self.assertEqual(rest["Shards"][0]["ShardId"], "shardId-000000000002")
        err = self.aws("split-shard", "--stream-name", "rs", "--shard-to-split",
                       "shardId-000000000000", "--new-starting-hash-key", "5", ok=False)
        self.assertIn("InvalidArgumentException", err)

    def test_tags(self):
        self.aws("create-stream", "--stream-name", "tg", "--shard-count", "1")
        self.aws("add-tags-to-stream", "--stream-name", "tg", "--tags", "team=ml,env=dev")
        tags = self.aws("list-tags-for-stream", "--stream-name", "tg")["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "ml"}])
        self.aws("remove-tags-from-stream", "--stream-name", "tg", "--tag-keys", "env")
        tags = self.aws("list-tags-for-stream", "--stream-name", "tg")["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "ml"}])

    def test_consumers(self):
        self.aws("create-stream", "--stream-name", "cs", "--shard-count", "1")
        arn = "arn:aws:kinesis:us-east-1:000000000000:stream/cs"
        c = self.aws("register-stream-consumer", "--stream-arn", arn, "--consumer-name", "app1")
        carn = c["Consumer"]["ConsumerARN"]
        self.assertTrue(carn.startswith(arn + "/consumer/app1:"))
        err = self.aws("register-stream-consumer", "--stream-arn", arn, "--consumer-name", "app1",
                       ok=False)
        self.assertIn("ResourceInUseException", err)
        d = self.aws("describe-stream-consumer", "--consumer-arn", carn)["ConsumerDescription"]
        self.assertEqual((d["ConsumerName"], d["ConsumerStatus"], d["StreamARN"]),
                         ("app1", "ACTIVE", arn))
        self.aws("register-stream-consumer", "--stream-arn", arn, "--consumer-name", "app2")
        names = [x["ConsumerName"] for x in
                 self.aws("list-stream-consumers", "--stream-arn", arn)["Consumers"]]
        self.assertEqual(names, ["app1", "app2"])
        err = self.aws("delete-stream", "--stream-name", "cs", ok=False)
        self.assertIn("ResourceInUseException", err)
        self.aws("deregister-stream-consumer", "--consumer-arn", carn)
        self.aws("deregister-stream-consumer", "--stream-arn", arn, "--consumer-name", "app2")
        self.assertEqual(self.aws("list-stream-consumers", "--stream-arn", arn)["Consumers"], [])
        err = self.aws("describe-stream-consumer", "--consumer-arn", carn, ok=False)
        self.assertIn("ResourceNotFoundException", err)

    def test_limits(self):
        limits = self.aws("describe-limits")
        self.assertGreaterEqual(limits["ShardLimit"], limits["OpenShardCount"])


if __name__ == "__main__":
    unittest.main()
