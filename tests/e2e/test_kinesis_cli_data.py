"""The aws cli against the Kinesis API: put/get and resharding."""

import base64
import json
import unittest

from kinesis_cli import CliTestCase


class CliTest(CliTestCase):
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


if __name__ == "__main__":
    unittest.main()
