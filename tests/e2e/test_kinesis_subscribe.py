"""SubscribeToShard (enhanced fan-out) with the AWS SDK for JavaScript v3 over its default HTTP/2
handler (kinesis_subscribe.mjs), and with boto3 over HTTP/1.1 (chunked event stream)."""

import os
import subprocess
import threading
import time
import unittest

from harness import MillraceServer
from kinesis_client import kinesis

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


class Boto3SubscribeTest(unittest.TestCase):
    """botocore parses the event stream of an HTTP/1.1 chunked answer."""

    def test_records_arrive_then_children_after_a_split(self):
        with MillraceServer() as server:
            client = kinesis(server)
            client.create_stream(StreamName="b3", ShardCount=1)
            arn = client.describe_stream_summary(
                StreamName="b3")["StreamDescriptionSummary"]["StreamARN"]
            consumer = client.register_stream_consumer(
                StreamARN=arn, ConsumerName="b3c")["Consumer"]["ConsumerARN"]
            r = client.subscribe_to_shard(ConsumerARN=consumer, ShardId="shardId-000000000000",
                                          StartingPosition={"Type": "LATEST"})
            events = []
            got = []
            first = threading.Event()

            def consume():
                for ev in r["EventStream"]:
                    events.append(ev)
                    got.extend(ev.get("SubscribeToShardEvent", {}).get("Records", []))
                    first.set()

            reader = threading.Thread(target=consume, daemon=True)
            reader.start()
            self.assertTrue(first.wait(30), "no first event")
            sent = []
            for batch in range(2):
                records = [{"Data": f"b3-{batch}-{i}".encode(), "PartitionKey": f"k{i % 5}"}
                           for i in range(100)]
                out = client.put_records(StreamName="b3", Records=records)
                self.assertEqual(out["FailedRecordCount"], 0)
                sent += [(x["Data"].decode(), x["PartitionKey"], y["SequenceNumber"])
                         for x, y in zip(records, out["Records"])]
            deadline = time.time() + 30
            while len(got) < len(sent) and time.time() < deadline:
                time.sleep(0.02)
            self.assertEqual([(g["Data"].decode(), g["PartitionKey"], g["SequenceNumber"])
                              for g in got], sent)
            for ev in events:
                self.assertIn("SubscribeToShardEvent", ev)
                self.assertIn("ContinuationSequenceNumber", ev["SubscribeToShardEvent"])

            # Closing the shard ends the subscription with its children.
            client.split_shard(StreamName="b3", ShardToSplit="shardId-000000000000",
                               NewStartingHashKey=str(2 ** 127))
            reader.join(30)
            self.assertFalse(reader.is_alive(), "the subscription did not end at the shard end")
            last = events[-1]["SubscribeToShardEvent"]
            self.assertNotIn("ContinuationSequenceNumber", last)
            children = sorted(c["ShardId"] for c in last["ChildShards"])
            self.assertEqual(children, ["shardId-000000000001", "shardId-000000000002"])
            for c in last["ChildShards"]:
                self.assertEqual(c["ParentShards"], ["shardId-000000000000"])
            self.assertEqual(len(got), len(sent))
            client.close()


if __name__ == "__main__":
    unittest.main()
