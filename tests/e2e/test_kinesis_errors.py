"""Bad input to the Kinesis API: malformed bodies, wrong types, over-limit sizes, unknown
operations, expired and tampered iterators. Each gets the AWS error type and status, and the
stream is left intact (its records and shards unchanged)."""

import base64
import http.client
import json
import os
import random
import unittest

from harness import MillraceServer
from kinesis_client import kinesis, read_shard


class ErrorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.client = kinesis(cls.server)
        cls.client.create_stream(StreamName="e", ShardCount=2)
        for i in range(20):
            cls.client.put_record(StreamName="e", Data=f"keep{i}".encode(), PartitionKey=str(i))

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, f"exit status {code}; log:\n{cls.server.log()}"

    def tearDown(self):
        # Whatever the test sent, the stream still holds exactly its 20 records on 2 shards.
        shards = self.client.list_shards(StreamName="e")["Shards"]
        self.assertEqual(len(shards), 2)
        data = []
        for s in shards:
            records, _ = read_shard(self.client, "e", s["ShardId"])
            data += [r["Data"] for r in records]
        self.assertEqual(sorted(data), sorted(f"keep{i}".encode() for i in range(20)))

    def raw(self, operation, body, content_type="application/x-amz-json-1.1"):
        conn = http.client.HTTPConnection(self.server.edge_host, self.server.edge_port, timeout=30)
        conn.request("POST", "/", body=body, headers={
            "Content-Type": content_type, "X-Amz-Target": f"Kinesis_20131202.{operation}"})
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        return r.status, r.getheader("x-amzn-ErrorType"), payload

    def error(self, operation, body):
        status, _, payload = self.raw(operation, body)
        doc = json.loads(payload)
        return status, doc.get("__type"), doc.get("message") or doc.get("Message")

    def assertAwsError(self, fn, code, **kwargs):
        with self.assertRaises(self.client.exceptions.ClientError) as cm:
            fn(**kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], code,
                         cm.exception.response)
        return cm.exception.response["Error"]["Message"]

    def test_malformed_json(self):
        for body in [b"{", b"not json", b'{"StreamName": "e"', b"\xff\xfe", b"[1,2]", b'"e"',
                     b'{"StreamName": "e", "Data": "aGk=", "PartitionKey": "k"} trailing']:
            status, kind, _ = self.error("PutRecord", body)
            self.assertEqual((status, kind), (400, "SerializationException"), body)

    def test_random_bodies_never_crash(self):
        rnd = random.Random(7)
        ops = ["PutRecord", "PutRecords", "GetRecords", "GetShardIterator", "CreateStream",
               "ListShards", "SplitShard", "DescribeStream", "AddTagsToStream"]
        for i in range(300):
            doc = {"StreamName": rnd.choice(["e", 5, None, [], {}, "x" * 300]),
                   "Data": rnd.choice(["!!", 3, "aGk=", None]),
                   "PartitionKey": rnd.choice(["", "k", 7, "x" * 300]),
                   "Records": rnd.choice([[], 5, [{}], [{"Data": 1}], None]),
                   "ShardIterator": rnd.choice(["", "AAAA", 3, None]),
                   "ShardCount": rnd.choice([0, -1, "2", 2.5, None]),
                   "ShardToSplit": rnd.choice(["x", 1, None]),
                   "Tags": rnd.choice([{}, [], {"a": 1}, None])}
            doc = {k: v for k, v in doc.items() if v is not None and rnd.random() < 0.6}
            if doc.get("StreamName") == "e" and "ShardCount" in doc:
                doc.pop("ShardCount")  # never recreate the probe stream
            status, _, payload = self.raw(rnd.choice(ops), json.dumps(doc).encode())
            self.assertIn(status, (200, 400), payload)
        status, _, _ = self.raw("DescribeLimits", b"{}")
        self.assertEqual(status, 200)

    def test_wrong_types(self):
        status, kind, _ = self.error("PutRecord", json.dumps(
            {"StreamName": 5, "Data": "aGk=", "PartitionKey": "k"}).encode())
        self.assertEqual((status, kind), (400, "SerializationException"))
        status, kind, _ = self.error("PutRecord", json.dumps(
            {"StreamName": "e", "Data": "not base64!", "PartitionKey": "k"}).encode())
        self.assertEqual((status, kind), (400, "SerializationException"))
        status, kind, _ = self.error("PutRecords", json.dumps(
            {"StreamName": "e", "Records": "x"}).encode())
        self.assertEqual((status, kind), (400, "SerializationException"))

    def test_validation(self):
        c = self.client
        msg = self.assertAwsError(c.put_record, "ValidationException", StreamName="e",
                                  Data=b"x", PartitionKey="k" * 257)
        self.assertIn("partitionKey", msg)
        self.assertAwsError(c.put_record, "ValidationException", StreamName="bad name!",
                            Data=b"x", PartitionKey="k")
        self.assertAwsError(c.put_record, "ValidationException", StreamName="e",
                            Data=b"x" * (1024 * 1024 + 1), PartitionKey="k")
        self.assertAwsError(c.put_record, "InvalidArgumentException", StreamName="e",
                            Data=b"x", PartitionKey="k", ExplicitHashKey=str(2**128))
        self.assertAwsError(c.put_records, "ValidationException", StreamName="e",
                            Records=[{"Data": b"x", "PartitionKey": "k"}] * 501)
        msg = self.assertAwsError(c.put_records, "InvalidArgumentException", StreamName="e",
                                  Records=[{"Data": b"x" * (1024 * 1000), "PartitionKey": "k"}] * 6)
        self.assertIn("5 MB", msg)
        self.assertAwsError(c.get_shard_iterator, "ResourceNotFoundException", StreamName="e",
                            ShardId="shardId-000000000009", ShardIteratorType="LATEST")
        self.assertAwsError(c.get_shard_iterator, "InvalidArgumentException", StreamName="e",
                            ShardId="shardId-000000000000", ShardIteratorType="AT_SEQUENCE_NUMBER")
        self.assertAwsError(c.describe_stream, "ResourceNotFoundException", StreamName="nope")
        status, kind, _ = self.error("CreateStream", b'{"StreamName": "z", "ShardCount": 0}')
        self.assertEqual((status, kind), (400, "ValidationException"))
        self.assertAwsError(c.split_shard, "InvalidArgumentException", StreamName="e",
                            ShardToSplit="shardId-000000000000", NewStartingHashKey="1")
        self.assertAwsError(c.merge_shards, "ResourceNotFoundException", StreamName="e",
                            ShardToMerge="shardId-000000000000",
                            AdjacentShardToMerge="shardId-000000000007")
        self.assertAwsError(c.update_shard_count, "LimitExceededException", StreamName="e",
                            TargetShardCount=5, ScalingType="UNIFORM_SCALING")

    def test_entry_member_paths(self):
        # Every failing entry is named by its 1-based position; valid entries in between add
        # nothing, and nothing of the request is written.
        records = [{"Data": "aGk=", "PartitionKey": "k"},
                   {"Data": "aGk=", "PartitionKey": "k", "ExplicitHashKey": "01"},
                   {"Data": "aGk=", "PartitionKey": "k" * 257},
                   {"Data": "aGk="}]
        status, kind, msg = self.error("PutRecords", json.dumps(
            {"StreamName": "e", "Records": records}).encode())
        self.assertEqual((status, kind), (400, "ValidationException"))
        self.assertIn("3 validation errors detected", msg)
        self.assertIn("at 'records.2.member.explicitHashKey'", msg)
        self.assertIn("at 'records.3.member.partitionKey'", msg)
        self.assertIn("Value null at 'records.4.member.partitionKey'", msg)
        self.assertNotIn("records.1.", msg)

    def test_partition_key_length_counts_utf16_units(self):
        # 256 two-byte characters are 512 bytes but 256 UTF-16 code units: allowed. 257 are not,
        # nor is an astral character pushing the count to 257 (two units each).
        self.client.create_stream(StreamName="keys", ShardCount=1)
        try:
            self.client.put_record(StreamName="keys", Data=b"x", PartitionKey="\u00e9" * 256)
            self.client.put_records(StreamName="keys", Records=[
                {"Data": b"x", "PartitionKey": "\u00e9" * 256}])
            for key in ("\u00e9" * 257, "\U0001F600" * 128 + "k", ""):
                status, kind, msg = self.error("PutRecord", json.dumps(
                    {"StreamName": "keys", "Data": "aGk=", "PartitionKey": key}).encode())
                self.assertEqual((status, kind), (400, "ValidationException"))
                self.assertIn("at 'partitionKey'", msg)
                status, kind, msg = self.error("PutRecords", json.dumps(
                    {"StreamName": "keys", "Records": [{"Data": "aGk=", "PartitionKey": key}]}
                ).encode())
                self.assertEqual((status, kind), (400, "ValidationException"))
                self.assertIn("records.1.member.partitionKey", msg)
            self.assertEqual(len(read_shard(self.client, "keys", "shardId-000000000000")[0]), 2)
        finally:
            self.client.delete_stream(StreamName="keys")

    def test_get_limits_and_enums(self):
        it = self.client.get_shard_iterator(StreamName="e", ShardId="shardId-000000000000",
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        for limit in (0, 10001):
            status, kind, msg = self.error("GetRecords", json.dumps(
                {"ShardIterator": it, "Limit": limit}).encode())
            self.assertEqual((status, kind), (400, "ValidationException"))
            self.assertIn(f"Value '{limit}' at 'limit'", msg)
        status, kind, msg = self.error("GetShardIterator", json.dumps(
            {"StreamName": "e", "ShardId": "shardId-000000000000",
             "ShardIteratorType": "BOGUS"}).encode())
        self.assertEqual((status, kind), (400, "ValidationException"))
        self.assertIn("shardIteratorType", msg)

    def test_oversized_body(self):
        # A body past the 16 MiB request limit is refused from its Content-Length, unread.
        import socket
        with socket.create_connection((self.server.edge_host, self.server.edge_port),
                                      timeout=30) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: k\r\n"
                         b"Content-Type: application/x-amz-json-1.1\r\n"
                         b"X-Amz-Target: Kinesis_20131202.PutRecord\r\n"
                         b"Content-Length: " + str(17 << 20).encode() + b"\r\n\r\n")
            reply = sock.recv(4096)
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:100])

    def test_unknown_operation(self):
        status, kind, _ = self.error("FlyToTheMoon", b"{}")
        self.assertEqual((status, kind), (400, "UnknownOperationException"))

    def test_tampered_and_foreign_iterators(self):
        it = self.client.get_shard_iterator(StreamName="e", ShardId="shardId-000000000000",
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        raw = bytearray(base64.b64decode(it))
        for pos in (0, 5, len(raw) // 2, len(raw) - 1):
            bad = bytearray(raw)
            bad[pos] ^= 0x01
            msg = self.assertAwsError(self.client.get_records, "InvalidArgumentException",
                                      ShardIterator=base64.b64encode(bytes(bad)).decode())
            self.assertIn("Invalid ShardIterator", msg)
        self.assertAwsError(self.client.get_records, "InvalidArgumentException",
                            ShardIterator="A" * 100)

    def test_expired_iterator(self):
        # An iterator whose creation time is six minutes old, minted with the server's own key
        # (read from the data directory) so that only its age is wrong.
        import hashlib
        import hmac
        import struct
        import time
        with open(os.path.join(self.server.data_dir, "kinesis", "iterator.key"), "rb") as f:
            key = f.read()
        it = self.client.get_shard_iterator(StreamName="e", ShardId="shardId-000000000000",
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        body = base64.b64decode(it)[:-32]
        created = int(time.time() * 1000) - 6 * 60 * 1000
        body = body[:-8] + struct.pack(">q", created)
        token = base64.b64encode(body + hmac.new(key, body, hashlib.sha256).digest()).decode()
        msg = self.assertAwsError(self.client.get_records, "ExpiredIteratorException",
                                  ShardIterator=token)
        self.assertIn("Iterator expired", msg)


if __name__ == "__main__":
    unittest.main()
