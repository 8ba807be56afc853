"""boto3 producer/consumer round trips against the Kinesis API: 100,000 records over 4 shards,
every record checked in order per shard, across a server restart and a split and a merge."""

import os
import tempfile
import threading
import unittest

from harness import MillraceServer
from kinesis_client import kinesis, read_shard


def put_all(client, stream, start, count, batch=500):
    """Puts records "rec-<n>" with partition key "pk-<n % 97>"; returns {shard: [n...]}."""
    placed = {}
    for base in range(start, start + count, batch):
        ns = list(range(base, min(base + batch, start + count)))
        r = client.put_records(StreamName=stream, Records=[
            {"Data": f"rec-{n}".encode(), "PartitionKey": f"pk-{n % 97}"} for n in ns])
        assert r["FailedRecordCount"] == 0, r
        for n, res in zip(ns, r["Records"]):
            placed.setdefault(res["ShardId"], []).append((n, res["SequenceNumber"]))
    return placed


class Boto3RoundTripTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="millrace-kinesis-")
        self.data_dir = os.path.join(self.tmp.name, "data")
        self.server = MillraceServer(data_dir=self.data_dir).start()
        self.client = kinesis(self.server)

    def tearDown(self):
        if self.server is not None:
            self.assertEqual(self.server.stop(), 0, self.server.log())
        self.tmp.cleanup()

    def restart(self):
        self.assertEqual(self.server.stop(), 0, self.server.log())
        self.server = MillraceServer(data_dir=self.data_dir).start()
        self.client = kinesis(self.server)

    def check_shards(self, stream, expected):
        """Each shard holds exactly its expected records, in order, with their sequence numbers."""
        for shard_id, want in expected.items():
            got, _ = read_shard(self.client, stream, shard_id)
            self.assertEqual([(r["Data"].decode(), r["SequenceNumber"]) for r in got],
                             [(f"rec-{n}", seq) for n, seq in want], shard_id)
            seqs = [int(r["SequenceNumber"]) for r in got]
            self.assertEqual(seqs, sorted(seqs))
            for r in got:
                n = int(r["Data"].decode()[4:])
                self.assertEqual(r["PartitionKey"], f"pk-{n % 97}")

    def test_100k_records_over_4_shards_survive_restart_and_resharding(self):
        c = self.client
        c.create_stream(StreamName="rt", ShardCount=4)
        c.get_waiter("stream_exists").wait(StreamName="rt", WaiterConfig={"Delay": 1})
        placed = put_all(c, "rt", 0, 100_000)
        self.assertEqual(len(placed), 4)
        self.assertEqual(sum(len(v) for v in placed.values()), 100_000)

        self.restart()
        self.check_shards("rt", placed)
        desc = self.client.describe_stream(StreamName="rt")["StreamDescription"]
        self.assertEqual(len(desc["Shards"]), 4)

        # Split shard 0, merge shards 2 and 3, then write more: routing follows the open shards.
        c = self.client
        shard0 = desc["Shards"][0]
        mid = (int(shard0["HashKeyRange"]["StartingHashKey"]) +
               int(shard0["HashKeyRange"]["EndingHashKey"])) // 2
        c.split_shard(StreamName="rt", ShardToSplit="shardId-000000000000",
                      NewStartingHashKey=str(mid))
        c.merge_shards(StreamName="rt", ShardToMerge="shardId-000000000002",
                       AdjacentShardToMerge="shardId-000000000003")
        shards = c.list_shards(StreamName="rt")["Shards"]
        by_id = {s["ShardId"]: s for s in shards}
        self.assertEqual(len(shards), 7)
        self.assertIn("EndingSequenceNumber", by_id["shardId-000000000000"]["SequenceNumberRange"])
        self.assertEqual(by_id["shardId-000000000004"]["ParentShardId"], "shardId-000000000000")
        self.assertEqual(by_id["shardId-000000000006"]["ParentShardId"], "shardId-000000000002")
        self.assertEqual(by_id["shardId-000000000006"]["AdjacentParentShardId"],
                         "shardId-000000000003")
        open_ids = {s["ShardId"] for s in
                    c.list_shards(StreamName="rt", ShardFilter={"Type": "AT_LATEST"})["Shards"]}
        self.assertEqual(open_ids, {"shardId-000000000001", "shardId-000000000004",
                                    "shardId-000000000005", "shardId-000000000006"})
        more = put_all(c, "rt", 100_000, 5_000)
        self.assertTrue(set(more) <= open_ids, more.keys())
        # Parents still hold exactly their old records and end with their children.
        got, children = read_shard(c, "rt", "shardId-000000000000")
        self.assertEqual(len(got), len(placed["shardId-000000000000"]))
        self.assertEqual({ch["ShardId"] for ch in children},
                         {"shardId-000000000004", "shardId-000000000005"})
        everything = {k: placed.get(k, []) + more.get(k, []) for k in set(placed) | set(more)}

        self.restart()
        self.check_shards("rt", everything)

    def test_resharding_under_concurrent_writers_loses_nothing(self):
        c = self.client
        c.create_stream(StreamName="busy", ShardCount=2)
        stop = threading.Event()
        placed = {}
        errors = []

        def writer(w):
            client = kinesis(self.server)
            n = 0
            try:
                while not stop.is_set() or n < 1000:
                    got = put_all(client, "busy", w * 1_000_000 + n, 100, batch=100)
                    for shard, recs in got.items():
                        placed.setdefault((w, shard), []).extend(recs)
                    n += 100
            except Exception as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
        for t in threads:
            t.start()
        while sum(len(v) for v in list(placed.values())) < 1500 and not errors:
            stop.wait(0.05)
        c.update_shard_count(StreamName="busy", TargetShardCount=4, ScalingType="UNIFORM_SCALING")
        c.update_shard_count(StreamName="busy", TargetShardCount=3, ScalingType="UNIFORM_SCALING")
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        # Every acknowledged record is in the shard its answer named, exactly once, in the order
        # each writer wrote it.
        shards = {s["ShardId"] for s in c.list_shards(StreamName="busy")["Shards"]}
        stored = {}
        for shard in shards:
            records, _ = read_shard(c, "busy", shard)
            stored[shard] = [(r["Data"].decode(), r["SequenceNumber"]) for r in records]
        for (w, shard), recs in placed.items():
            mine = [x for x in stored[shard] if int(x[0][4:]) // 1_000_000 == w]
            self.assertEqual(mine, [(f"rec-{n}", seq) for n, seq in recs], (w, shard))
        used = {shard for (_, shard) in placed}
        self.assertIn("shardId-000000000000", used)  # written before the reshards
        self.assertTrue(used & {"shardId-000000000007", "shardId-000000000008",
                                "shardId-000000000009", "shardId-000000000010"}, used)
        total = sum(len(v) for v in stored.values())
        self.assertEqual(total, sum(len(v) for v in placed.values()))

    def test_iterator_types_and_millis_behind(self):
        c = self.client
        c.create_stream(StreamName="it", ShardCount=1)
        seqs = [c.put_record(StreamName="it", Data=f"d{i}".encode(), PartitionKey="k")
                ["SequenceNumber"] for i in range(10)]

        def first(kind, **kw):
            it = c.get_shard_iterator(StreamName="it", ShardId="shardId-000000000000",
                                      ShardIteratorType=kind, **kw)["ShardIterator"]
            return c.get_records(ShardIterator=it, Limit=2)

        self.assertEqual(first("TRIM_HORIZON")["Records"][0]["Data"], b"d0")
        self.assertEqual(first("AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[4])
                         ["Records"][0]["Data"], b"d4")
        self.assertEqual(first("AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[4])
                         ["Records"][0]["Data"], b"d5")
        self.assertEqual(first("LATEST")["Records"], [])
        r = first("AT_TIMESTAMP", Timestamp=0)
        self.assertEqual(r["Records"][0]["Data"], b"d0")
        # Two of ten read: the reader is behind by the age of the second record (>= 0).
        self.assertGreaterEqual(r["MillisBehindLatest"], 0)
        it = c.get_shard_iterator(StreamName="it", ShardId="shardId-000000000000",
                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual(len(c.get_records(ShardIterator=it)["Records"]), 10)


if __name__ == "__main__":
    unittest.main()
