"""Kinesis per-shard limits (server flag --kinesis-shard-limits), per-stream metrics on /metrics,
and stream status delays (--kinesis-status-delay-ms) that `stream-exists` waiters poll through."""

import time
import unittest
import urllib.request

from harness import MillraceServer
from kinesis_client import kinesis


class ShardLimitsTest(unittest.TestCase):
    def test_put_records_reports_throttled_entries_and_metrics_count_them(self):
        args = ["--edge", "127.0.0.1:0", "--kafka", "127.0.0.1:0", "--kinesis-shard-limits"]
        with MillraceServer(args=args) as server:
            c = kinesis(server)
            c.create_stream(StreamName="lim", ShardCount=1)
            failed = 0
            codes = set()
            for _ in range(4):  # 2,000 records at once: over 1,000 records/s for one shard
                r = c.put_records(StreamName="lim", Records=[
                    {"Data": b"x", "PartitionKey": str(i)} for i in range(500)])
                failed += r["FailedRecordCount"]
                codes |= {x.get("ErrorCode") for x in r["Records"] if "ErrorCode" in x}
            self.assertGreater(failed, 0)
            self.assertEqual(codes, {"ProvisionedThroughputExceededException"})
            # Five GetRecords calls per second per shard, refilled continuously: calls in quick
            # succession get refused once the burst of five is spent.
            it = c.get_shard_iterator(StreamName="lim", ShardId="shardId-000000000000",
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            refused = 0
            for _ in range(200):
                try:
                    c.get_records(ShardIterator=it, Limit=1)
                except c.exceptions.ProvisionedThroughputExceededException:
                    refused += 1
                    break
            self.assertGreater(refused, 0)
            text = urllib.request.urlopen(server.edge_url + "/metrics").read().decode()
            accepted = 2000 - failed
            self.assertIn(f'millrace_kinesis_incoming_records_total{{stream="lim"}} {accepted}',
                          text)
            self.assertIn('millrace_kinesis_throttled_requests_total{stream="lim",kind="write"} '
                          f'{failed}', text)
            self.assertIn('millrace_kinesis_throttled_requests_total{stream="lim",kind="read"}',
                          text)
            self.assertIn('millrace_kinesis_get_records_records_total{stream="lim"}', text)
            self.assertIn('millrace_kinesis_iterator_age_milliseconds{stream="lim"}', text)

    def test_limits_are_off_by_default(self):
        with MillraceServer() as server:
            c = kinesis(server)
            c.create_stream(StreamName="free", ShardCount=1)
            for _ in range(6):
                r = c.put_records(StreamName="free", Records=[
                    {"Data": b"x", "PartitionKey": str(i)} for i in range(500)])
                self.assertEqual(r["FailedRecordCount"], 0)

    def test_status_delay(self):
        args = ["--edge", "127.0.0.1:0", "--kafka", "127.0.0.1:0",
                "--kinesis-status-delay-ms", "1500"]
        with MillraceServer(args=args) as server:
            c = kinesis(server)
            c.create_stream(StreamName="slow", ShardCount=1)
            status = c.describe_stream_summary(StreamName="slow")["StreamDescriptionSummary"]
            self.assertEqual(status["StreamStatus"], "CREATING")
            with self.assertRaises(c.exceptions.ResourceInUseException):
                c.increase_stream_retention_period(StreamName="slow", RetentionPeriodHours=48)
            c.get_waiter("stream_exists").wait(StreamName="slow",
                                               WaiterConfig={"Delay": 1, "MaxAttempts": 30})
            self.assertEqual(c.describe_stream(StreamName="slow")["StreamDescription"]
                             ["StreamStatus"], "ACTIVE")
            c.update_shard_count(StreamName="slow", TargetShardCount=2,
                                 ScalingType="UNIFORM_SCALING")
            self.assertEqual(c.describe_stream_summary(StreamName="slow")
                             ["StreamDescriptionSummary"]["StreamStatus"], "UPDATING")
            time.sleep(1.6)
            self.assertEqual(c.describe_stream_summary(StreamName="slow")
                             ["StreamDescriptionSummary"]["StreamStatus"], "ACTIVE")


if __name__ == "__main__":
    unittest.main()
