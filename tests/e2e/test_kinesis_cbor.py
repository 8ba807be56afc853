"""Kinesis over application/x-amz-cbor-1.1, the encoding the Java SDKs (and so the KCL) use by
default: the data path round trip with blobs as CBOR byte strings and timestamps as tag 1 epoch
milliseconds, errors with their __type in CBOR, and malformed CBOR refused without harm."""

import http.client
import time
import unittest

import cbor_wire
from cbor_wire import Tag
from harness import MillraceServer

CBOR = "application/x-amz-cbor-1.1"
STREAM = "cbor"


class CborCodecTest(unittest.TestCase):
    """The test's own codec against RFC 8949 Appendix A examples."""

    def test_rfc_examples(self):
        examples = [(0, "00"), (23, "17"), (24, "1818"), (1000000, "1a000f4240"), (-1, "20"),
                    (-1000, "3903e7"), (b"\x01\x02\x03\x04", "4401020304"), ("IETF", "6449455446"),
                    ([1, [2, 3]], "8201820203"), ({"a": 1}, "a1616101"), (True, "f5"), (None, "f6"),
                    (Tag(1, 1363896240), "c11a514b67b0")]
        for value, hex_text in examples:
            self.assertEqual(cbor_wire.dumps(value).hex(), hex_text)
            self.assertEqual(cbor_wire.loads(bytes.fromhex(hex_text)), value)
        self.assertEqual(cbor_wire.loads(bytes.fromhex("f93c00")), 1.0)
        self.assertEqual(cbor_wire.loads(bytes.fromhex("fa47c35000")), 100000.0)
        self.assertEqual(cbor_wire.loads(bytes.fromhex("5f42010243030405ff")), b"\x01\x02\x03\x04\x05")
        self.assertEqual(cbor_wire.loads(bytes.fromhex("bf6161f5ff")), {"a": True})
        with self.assertRaises(ValueError):
            cbor_wire.loads(bytes.fromhex("44010203"))


class KinesisCborTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.conn = http.client.HTTPConnection(cls.server.edge_host, cls.server.edge_port,
                                              timeout=30)
        status, _, body = cls.raw(cls, "CreateStream",
                                  cbor_wire.dumps({"StreamName": STREAM, "ShardCount": 2}))
        assert status == 200, body

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        code = cls.server.stop()
        assert code == 0, f"exit status {code}; log:\n{cls.server.log()}"

    def raw(self, operation, body):
        """Sends `body` as a CBOR request on the shared keep-alive connection."""
        self.conn.request("POST", "/", body=body, headers={
            "Content-Type": CBOR, "X-Amz-Target": f"Kinesis_20131202.{operation}",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/"
                             "kinesis/aws4_request, SignedHeaders=host, Signature=0"})
        r = self.conn.getresponse()
        return r.status, r.getheader("Content-Type"), r.read()

    def call(self, operation, doc, expect=200):
        status, content_type, body = self.raw(operation, cbor_wire.dumps(doc))
        self.assertEqual(content_type, CBOR, body)
        decoded = cbor_wire.loads(body)
        self.assertEqual(status, expect, decoded)
        return decoded

    def read_all(self):
        """Every record of the stream: {data: (shard id, sequence number, arrival tag)}."""
        out = {}
        shards = self.call("ListShards", {"StreamName": STREAM})["Shards"]
        for shard in shards:
            it = self.call("GetShardIterator", {"StreamName": STREAM, "ShardId": shard["ShardId"],
                                                "ShardIteratorType": "TRIM_HORIZON"})
            iterator = it["ShardIterator"]
            self.assertIsInstance(iterator, str)
            while True:
                got = self.call("GetRecords", {"ShardIterator": iterator, "Limit": 1000})
                self.assertIsInstance(got["MillisBehindLatest"], int)
                for rec in got["Records"]:
                    self.assertIsInstance(rec["Data"], bytes)
                    out[rec["Data"]] = (shard["ShardId"], rec["SequenceNumber"],
                                        rec["ApproximateArrivalTimestamp"])
                if not got["Records"]:
                    break
                iterator = got["NextShardIterator"]
        return out

    def test_1_round_trip(self):
        before_ms = int(time.time() * 1000)
        one = self.call("PutRecord", {"StreamName": STREAM, "Data": b"\x00\xffsingle",
                                      "PartitionKey": "p0"})
        self.assertRegex(one["SequenceNumber"], r"^\d{40}$")
        self.assertRegex(one["ShardId"], r"^shardId-\d{12}$")
        records = [{"Data": bytes([i]) * (i + 1) + b"-many", "PartitionKey": f"k{i}"}
                   for i in range(50)]
        many = self.call("PutRecords", {"StreamName": STREAM, "Records": records})
        self.assertEqual(many["FailedRecordCount"], 0)
        self.assertEqual(len(many["Records"]), 50)
        after_ms = int(time.time() * 1000)

        got = self.read_all()
        want = {b"\x00\xffsingle": (one["ShardId"], one["SequenceNumber"])}
        for rec, ack in zip(records, many["Records"]):
            want[rec["Data"]] = (ack["ShardId"], ack["SequenceNumber"])
        for data, (shard, seq) in want.items():
            self.assertIn(data, got)
            self.assertEqual(got[data][:2], (shard, seq))
            # What the Java SDK expects: tag 1 around integer epoch milliseconds.
            arrival = got[data][2]
            self.assertIsInstance(arrival, Tag)
            self.assertEqual(arrival.number, 1)
            self.assertIsInstance(arrival.value, int)
            self.assertGreaterEqual(arrival.value, before_ms - 1000)
            self.assertLessEqual(arrival.value, after_ms + 1000)

        summary = self.call("DescribeStreamSummary", {"StreamName": STREAM})
        s = summary["StreamDescriptionSummary"]
        self.assertEqual((s["StreamName"], s["StreamStatus"], s["OpenShardCount"]),
                         (STREAM, "ACTIVE", 2))
        self.assertEqual(s["StreamCreationTimestamp"].number, 1)
        self.assertIsInstance(s["StreamCreationTimestamp"].value, int)

    def test_2_at_timestamp_as_tag(self):
        # A tag-1 timestamp in a request (integer epoch milliseconds, as the Java SDK sends).
        shard = self.call("ListShards", {"StreamName": STREAM})["Shards"][0]["ShardId"]
        it = self.call("GetShardIterator", {
            "StreamName": STREAM, "ShardId": shard, "ShardIteratorType": "AT_TIMESTAMP",
            "Timestamp": Tag(1, int(time.time() * 1000) + 3_600_000)}, expect=400)
        self.assertEqual(it["__type"], "InvalidArgumentException")
        it = self.call("GetShardIterator", {
            "StreamName": STREAM, "ShardId": shard, "ShardIteratorType": "AT_TIMESTAMP",
            "Timestamp": Tag(1, 0)})
        self.assertIsInstance(it["ShardIterator"], str)

    def test_3_errors_in_cbor(self):
        before = self.read_all()
        err = self.call("DescribeStreamSummary", {"StreamName": "missing"}, expect=400)
        self.assertEqual(err["__type"], "ResourceNotFoundException")
        self.assertIn("missing", err["message"])
        err = self.call("PutRecord", {"StreamName": STREAM, "Data": b"x"}, expect=400)
        self.assertEqual(err["__type"], "ValidationException")
        self.assertIn("partitionKey", err["message"])
        err = self.call("CreateStream", {"StreamName": "typed", "ShardCount": "two"}, expect=400)
        self.assertEqual(err["__type"], "SerializationException")
        err = self.call("PutRecords", {"StreamName": STREAM, "Records": {"Data": b"x"}},
                        expect=400)
        self.assertEqual(err["__type"], "SerializationException")
        err = self.call("PutRecords", {"StreamName": STREAM, "Records": [
            {"Data": b"x", "PartitionKey": "k"}] * 501}, expect=400)
        self.assertEqual(err["__type"], "ValidationException")
        err = self.call("PutRecord", {"StreamName": STREAM, "Data": b"x" * (1024 * 1024 + 1),
                                      "PartitionKey": "k"}, expect=400)
        self.assertEqual(err["__type"], "ValidationException")
        err = self.call("GetRecords", {"ShardIterator": "AAAA" * 20}, expect=400)
        self.assertEqual(err["__type"], "InvalidArgumentException")
        err = self.call("FlyToTheMoon", {}, expect=400)
        self.assertEqual(err["__type"], "UnknownOperationException")
        self.assertEqual(self.read_all(), before)  # nothing refused was written

    def test_4_malformed_cbor_leaves_stream_intact(self):
        before = self.read_all()
        bad_bodies = [
            bytes.fromhex("a2"),                        # map of two entries, none there
            bytes.fromhex("bf6161"),                    # indefinite map without its break
            bytes.fromhex("a16444617461" "5a00100000"),  # byte string longer than the body
            bytes.fromhex("a1f5f5"),                    # non-text map key
            bytes.fromhex("a0a0"),                      # trailing bytes
            b"{\"StreamName\": \"cbor\"}",              # JSON under the CBOR content type
        ]
        for body in bad_bodies:
            status, content_type, raw = self.raw("PutRecord", body)
            self.assertEqual(status, 400, body.hex())
            self.assertEqual(content_type, CBOR)
            self.assertEqual(cbor_wire.loads(raw)["__type"], "SerializationException", body.hex())
        after = self.read_all()
        self.assertEqual(after, before)
        ok = self.call("PutRecord", {"StreamName": STREAM, "Data": b"after", "PartitionKey": "p"})
        self.assertIn(b"after", self.read_all())
        self.assertRegex(ok["SequenceNumber"], r"^\d{40}$")

    def test_5_many_puts_on_one_keep_alive_connection(self):
        # Single-shard appends are awaited on the connection's own executor: hundreds of them
        # back to back on one connection, mixed with two-shard PutRecords, all land.
        before = len(self.read_all())
        for i in range(300):
            self.call("PutRecord", {"StreamName": STREAM, "Data": f"ka-{i}".encode(),
                                    "PartitionKey": f"p{i}"})
            if i % 10 == 0:
                r = self.call("PutRecords", {"StreamName": STREAM, "Records": [
                    {"Data": f"kb-{i}-{j}".encode(), "PartitionKey": f"q{j}"} for j in range(8)]})
                self.assertEqual(r["FailedRecordCount"], 0)
        got = self.read_all()
        self.assertEqual(len(got), before + 300 + 30 * 8)
        self.assertIn(b"ka-299", got)
        self.assertIn(b"kb-290-7", got)


if __name__ == "__main__":
    unittest.main()
