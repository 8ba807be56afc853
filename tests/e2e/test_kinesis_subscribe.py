"""SubscribeToShard (enhanced fan-out) with the AWS SDK for JavaScript v3 over its default HTTP/2
handler (kinesis_subscribe.mjs), with boto3 over HTTP/1.1 (chunked event stream), and with a raw
CBOR request whose event payloads must come back in CBOR."""

import http.client
import os
import struct
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


# Just enough CBOR (RFC 8949) for requests and event payloads: maps, arrays, text and byte
# strings, integers, tag 1, floats, true/false/null.
def cbor_encode(v):
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for ai, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
            if n < 1 << (8 * struct.calcsize(fmt)):
                return bytes([major << 5 | ai]) + struct.pack(fmt, n)
        raise ValueError(n)
    if isinstance(v, dict):
        return head(5, len(v)) + b"".join(cbor_encode(k) + cbor_encode(x) for k, x in v.items())
    if isinstance(v, str):
        b = v.encode()
        return head(3, len(b)) + b
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, int) and v >= 0:
        return head(0, v)
    raise TypeError(type(v))


def cbor_decode(data):
    def item(i):
        ib = data[i]
        major, ai = ib >> 5, ib & 31
        i += 1
        if major == 7:
            if ai == 27:
                return struct.unpack(">d", data[i:i + 8])[0], i + 8
            return {20: False, 21: True, 22: None}[ai], i
        if ai < 24:
            n = ai
        else:
            size = {24: 1, 25: 2, 26: 4, 27: 8}[ai]
            n = int.from_bytes(data[i:i + size], "big")
            i += size
        if major == 0:
            return n, i
        if major == 1:
            return -1 - n, i
        if major in (2, 3):
            raw = bytes(data[i:i + n])
            return (raw if major == 2 else raw.decode()), i + n
        if major == 4:
            out = []
            for _ in range(n):
                x, i = item(i)
                out.append(x)
            return out, i
        if major == 5:
            out = {}
            for _ in range(n):
                k, i = item(i)
                out[k], i = item(i)
            return out, i
        if major == 6:
            x, i = item(i)
            return ("tag", n, x), i
        raise ValueError(ib)
    v, end = item(0)
    assert end == len(data)
    return v


def event_messages(read):
    """Yields (headers, payload) of each event stream message read through `read(n)`."""
    buf = b""
    while True:
        while len(buf) < 12 or len(buf) < struct.unpack(">I", buf[:4])[0]:
            chunk = read(65536)
            if not chunk:
                return
            buf += chunk
        total, headers_len = struct.unpack(">II", buf[:8])
        raw, buf = buf[:total], buf[total:]
        headers, j = {}, 12
        while j < 12 + headers_len:
            n = raw[j]
            name = raw[j + 1:j + 1 + n].decode()
            j += 1 + n
            kind = raw[j]
            j += 1
            assert kind == 7, kind  # this operation only sends string headers
            size = struct.unpack(">H", raw[j:j + 2])[0]
            headers[name] = raw[j + 2:j + 2 + size].decode()
            j += 2 + size
        yield headers, raw[12 + headers_len:total - 4]


class JsSdkSubscribeTest(unittest.TestCase):
    def test_positions_overlap_resume_deregister_delete(self):
        with MillraceServer() as server:
            r = run_node(server, "main")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr + server.log()[-3000:])
            self.assertIn("ok: main", r.stdout)

    def test_short_lifetime_ends_cleanly_and_renews(self):
        with MillraceServer(args=ADDRESSES + ["--kinesis-subscription-ms", "9000"]) as server:
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

    def test_out_rate_limit_delivers_a_backlog_whole(self):
        """With --kinesis-shard-limits a subscription is held to 2 MiB/s: a 3.5 MiB backlog
        still arrives whole and in order (held back, never dropped or reordered)."""
        with MillraceServer(args=ADDRESSES + ["--kinesis-shard-limits"]) as server:
            client = kinesis(server)
            client.create_stream(StreamName="lim", ShardCount=1)
            arn = client.describe_stream_summary(
                StreamName="lim")["StreamDescriptionSummary"]["StreamARN"]
            consumer = client.register_stream_consumer(
                StreamARN=arn, ConsumerName="limc")["Consumer"]["ConsumerARN"]
            sent = []
            for i in range(5):
                data = bytes([65 + i]) * (700 << 10)
                while True:  # the 1 MiB/s write limit refuses some puts: retry them
                    try:
                        out = client.put_record(StreamName="lim", PartitionKey=f"k{i}", Data=data)
                        break
                    except client.exceptions.ProvisionedThroughputExceededException:
                        time.sleep(0.2)
                sent.append((data, out["SequenceNumber"]))
            r = client.subscribe_to_shard(ConsumerARN=consumer, ShardId="shardId-000000000000",
                                          StartingPosition={"Type": "TRIM_HORIZON"})
            got = []
            for ev in r["EventStream"]:
                got += [(x["Data"], x["SequenceNumber"])
                        for x in ev["SubscribeToShardEvent"]["Records"]]
                if len(got) >= len(sent):
                    break
            r["EventStream"].close()
            self.assertEqual(len(got), len(sent))
            self.assertTrue(got == sent, "records differ")
            client.close()


class CborSubscribeTest(unittest.TestCase):
    """A CBOR request (the Java SDKs' default) gets CBOR payloads inside the event messages."""

    def post(self, server, body):
        host, port = server.edge_url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("POST", "/", body=cbor_encode(body), headers={
            "Content-Type": "application/x-amz-cbor-1.1",
            "X-Amz-Target": "Kinesis_20131202.SubscribeToShard"})
        return conn, conn.getresponse()

    def test_events_in_cbor(self):
        with MillraceServer() as server:
            client = kinesis(server)
            client.create_stream(StreamName="cb", ShardCount=1)
            arn = client.describe_stream_summary(
                StreamName="cb")["StreamDescriptionSummary"]["StreamARN"]
            consumer = client.register_stream_consumer(
                StreamARN=arn, ConsumerName="cbc")["Consumer"]["ConsumerARN"]
            datas = [b"\x00\x01\xff", b"second", b""]
            put = client.put_records(StreamName="cb", Records=[
                {"Data": d, "PartitionKey": f"p{i}"} for i, d in enumerate(datas)])
            seqs = [r["SequenceNumber"] for r in put["Records"]]

            conn, resp = self.post(server, {"ConsumerARN": consumer + "0",
                                            "ShardId": "shardId-000000000000",
                                            "StartingPosition": {"Type": "LATEST"}})
            self.assertEqual(resp.status, 400)
            self.assertEqual(resp.getheader("content-type"), "application/x-amz-cbor-1.1")
            self.assertEqual(cbor_decode(resp.read())["__type"], "ResourceNotFoundException")
            conn.close()

            conn, resp = self.post(server, {"ConsumerARN": consumer,
                                            "ShardId": "shardId-000000000000",
                                            "StartingPosition": {"Type": "TRIM_HORIZON"}})
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("content-type"), "application/vnd.amazon.eventstream")
            messages = event_messages(resp.read1)
            headers, payload = next(messages)
            self.assertEqual(headers[":event-type"], "initial-response")
            self.assertEqual(headers[":content-type"], "application/x-amz-cbor-1.1")
            self.assertEqual(cbor_decode(payload), {})
            headers, payload = next(messages)
            self.assertEqual(headers[":message-type"], "event")
            self.assertEqual(headers[":event-type"], "SubscribeToShardEvent")
            self.assertEqual(headers[":content-type"], "application/x-amz-cbor-1.1")
            event = cbor_decode(payload)
            conn.close()
            records = event["Records"]
            self.assertEqual([r["Data"] for r in records], datas)  # byte strings, not base64
            self.assertEqual([r["PartitionKey"] for r in records], ["p0", "p1", "p2"])
            self.assertEqual([r["SequenceNumber"] for r in records], seqs)
            for r in records:
                tag, number, millis = r["ApproximateArrivalTimestamp"]
                self.assertEqual((tag, number), ("tag", 1))
                self.assertLess(abs(millis / 1000 - time.time()), 600)
            self.assertEqual(event["ContinuationSequenceNumber"], seqs[-1])
            self.assertEqual(event["MillisBehindLatest"], 0)
            client.close()


if __name__ == "__main__":
    unittest.main()
