"""Firehose with stores outside the server: an MSKAsSource delivery stream reading an external
Kafka cluster (a second millrace's Kafka port, mapped with --firehose-kafka-cluster) and
delivery into buckets of external S3 stores (a second millrace's S3 API and npm s3rver, mapped
with --firehose-s3-endpoint)."""

import datetime
import gzip
import json
import os
import signal
import tempfile
import unittest
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from confluent_kafka import Consumer, TopicPartition

from firehose_support import clients, lake_files, read_lake, s3_destination, wait_for
from harness import MillraceServer
from kafka_util import bootstrap, create_topic, kcat
from test_lake_s3_client import S3rver

CLUSTER = "arn:aws:kafka:us-east-1:000000000000:cluster/external/1"
EDGE_ARGS = ["--edge", "127.0.0.1:0", "--kafka", "127.0.0.1:0"]


def call_firehose(edge_url, operation, body):
    """A raw JSON call (this botocore has no MSKSourceConfiguration); (status, answer)."""
    req = urllib.request.Request(
        edge_url + "/", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": f"Firehose_20150804.{operation}"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def msk_stream(edge_url, name, topic, prefix, **source_extra):
    source = {"MSKClusterARN": CLUSTER, "TopicName": topic,
              "AuthenticationConfiguration": {"RoleARN": "arn:aws:iam::000000000000:role/r",
                                              "Connectivity": "PRIVATE"}}
    source.update(source_extra)
    return call_firehose(edge_url, "CreateDeliveryStream", {
        "DeliveryStreamName": name, "DeliveryStreamType": "MSKAsSource",
        "MSKSourceConfiguration": source,
        "ExtendedS3DestinationConfiguration": s3_destination(
            "lake", interval=0, Prefix=prefix,
            ProcessingConfiguration={"Enabled": True, "Processors": [
                {"Type": "AppendDelimiterToRecord", "Parameters": []}]})})


def delivered_lines(data_dir, bucket, prefix):
    return [line for k in lake_files(data_dir, bucket, prefix)
            for line in read_lake(data_dir, bucket, k).decode().splitlines()]


def produce(cluster, topic, lines):
    kcat(["-P", "-b", bootstrap(cluster), "-t", topic, "-X", "acks=all"],
         input_bytes=("\n".join(lines) + "\n").encode())


class ExternalKafkaSourceTest(unittest.TestCase):
    def test_records_from_an_external_cluster_land_once_across_a_restart(self):
        tmp = tempfile.TemporaryDirectory(prefix="millrace-fhext-")
        self.addCleanup(tmp.cleanup)
        data_dir = os.path.join(tmp.name, "b")
        with MillraceServer() as cluster:
            create_topic(cluster, "ext-topic", partitions=2)
            old = [f"old-{i}" for i in range(50)]
            produce(cluster, "ext-topic", old)
            args = EDGE_ARGS + ["--firehose-kafka-cluster", f"{CLUSTER}={bootstrap(cluster)}"]
            b = MillraceServer(args=args, data_dir=data_dir).start()
            try:
                _, s3, _ = clients(b.edge_url)
                s3.create_bucket(Bucket="lake")
                # From a timestamp before every record: the old ones too. Without: LATEST.
                since = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc).timestamp()
                status, answer = msk_stream(b.edge_url, "ext", "ext-topic", "ext/",
                                            ReadFromTimestamp=since)
                self.assertEqual(status, 200, answer)
                status, answer = msk_stream(b.edge_url, "latest", "ext-topic", "latest/")
                self.assertEqual(status, 200, answer)
                status, answer = msk_stream(b.edge_url, "missing", "no-such-topic", "missing/")
                self.assertEqual(status, 400)
                self.assertEqual(answer.get("__type"), "InvalidArgumentException", answer)
                first = [f"first-{i}" for i in range(1000)]
                produce(cluster, "ext-topic", first)
                wait_for(lambda: len(delivered_lines(data_dir, "lake", "ext/")) >= 500,
                         what="some records before the restart")
            finally:
                self.assertEqual(b.stop(), 0)
            # B is down: the external cluster keeps taking records.
            second = [f"second-{i}" for i in range(1000)]
            produce(cluster, "ext-topic", second)
            b = MillraceServer(args=args, data_dir=data_dir).start()
            try:
                new = first + second
                got = wait_for(lambda: (lambda g: g if len(g) >= len(old) + len(new) else None)(
                    delivered_lines(data_dir, "lake", "ext/")), what="every record of ext")
                latest = wait_for(lambda: (lambda g: g if len(g) >= len(new) else None)(
                    delivered_lines(data_dir, "lake", "latest/")), what="every record of latest")
                self.assertEqual(sorted(got), sorted(old + new))
                self.assertEqual(sorted(latest), sorted(new))
                # The consumer group holds the delivered positions too (committed after the
                # checkpoint; asynchronously, so wait for it).
                consumer = Consumer({"bootstrap.servers": bootstrap(cluster),
                                     "group.id": "firehose-ext"})
                try:
                    def committed():
                        parts = consumer.committed([TopicPartition("ext-topic", 0),
                                                    TopicPartition("ext-topic", 1)], timeout=10)
                        total = sum(p.offset for p in parts if p.offset >= 0)
                        return total == len(old) + len(new)
                    wait_for(committed, timeout=20, interval=0.5, what="group offsets")
                finally:
                    consumer.close()
                # kill -9 while records flow: nothing is lost (duplicates are allowed).
                third = [f"third-{i}" for i in range(3000)]
                produce(cluster, "ext-topic", third[:1500])
                wait_for(lambda: len(delivered_lines(data_dir, "lake", "ext/")) > len(got),
                         what="some third records")
            finally:
                b.stop(signal.SIGKILL)
            produce(cluster, "ext-topic", third[1500:])
            b = MillraceServer(args=args, data_dir=data_dir).start()
            try:
                everything = set(old + new + third)
                after = wait_for(lambda: (lambda g: g if everything <= set(g) else None)(
                    delivered_lines(data_dir, "lake", "ext/")), what="every record after kill -9")
                self.assertEqual(set(after), everything)
            finally:
                self.assertEqual(b.stop(), 0)


class ExternalS3DestinationTest(unittest.TestCase):
    def test_delivery_into_another_millrace_waits_for_its_bucket(self):
        with MillraceServer() as store:
            args = EDGE_ARGS + ["--firehose-s3-endpoint", f"outside={store.edge_url}"]
            with MillraceServer(args=args) as b:
                firehose, s3, _ = clients(b.edge_url)
                # The bucket does not exist yet: delivery fails and is retried, never skipped.
                firehose.create_delivery_stream(
                    DeliveryStreamName="out",
                    ExtendedS3DestinationConfiguration=s3_destination(
                        "outside", interval=0, Prefix="p/"))
                sent = [f"rec-{i}\n".encode() for i in range(300)]
                for i in range(0, 300, 100):
                    firehose.put_record_batch(DeliveryStreamName="out",
                                              Records=[{"Data": d} for d in sent[i:i + 100]])
                wait_for(lambda: "retry" in b.log(), what="a failed delivery")
                _, store_s3, _ = clients(store.edge_url)
                store_s3.create_bucket(Bucket="outside")

                def lines():
                    got = [line for k in lake_files(store.data_dir, "outside", "p/")
                           for line in read_lake(store.data_dir, "outside", k).splitlines(True)]
                    return got if len(got) >= len(sent) else None
                got = wait_for(lines, timeout=60, what="objects in the external store")
                self.assertEqual(sorted(got), sorted(sent))
                self.assertEqual(lake_files(b.data_dir, "outside"), [])

    def test_large_objects_go_up_as_multipart_uploads(self):
        with MillraceServer() as store:
            args = EDGE_ARGS + ["--firehose-s3-endpoint", f"bigout={store.edge_url}"]
            with MillraceServer(args=args) as b:
                _, store_s3, _ = clients(store.edge_url)
                store_s3.create_bucket(Bucket="bigout")
                firehose, _, _ = clients(b.edge_url)
                firehose.create_delivery_stream(
                    DeliveryStreamName="big",
                    ExtendedS3DestinationConfiguration=s3_destination(
                        "bigout", interval=900, size_mb=20, Prefix="big/"))
                # 21 MiB of distinct 64 KiB records: one object past the 20 MiB buffer.
                sent = [(f"{i:06d}" + "r" * (65535 - 6) + "\n").encode() for i in range(336)]
                for i in range(0, len(sent), 50):
                    firehose.put_record_batch(DeliveryStreamName="big",
                                              Records=[{"Data": d} for d in sent[i:i + 50]])
                keys = wait_for(lambda: lake_files(store.data_dir, "bigout", "big/"), timeout=60,
                                what="the large object")
                head = store_s3.head_object(Bucket="bigout", Key=keys[0])
                self.assertRegex(head["ETag"], r"-\d+\"$")  # a multipart upload's ETag
                body = read_lake(store.data_dir, "bigout", keys[0])
                self.assertGreaterEqual(len(body), 20 << 20)
                self.assertEqual(body, b"".join(sent[:len(body) // 65536]))

    def test_delivery_into_s3rver(self):
        with S3rver() as s3rver:
            args = EDGE_ARGS + ["--firehose-s3-endpoint", f"srv-bucket={s3rver.endpoint}"]
            env = {"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER"}
            outside = boto3.client("s3", endpoint_url=s3rver.endpoint, region_name="us-east-1",
                                   aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER",
                                   config=Config(s3={"addressing_style": "path"}))
            outside.create_bucket(Bucket="srv-bucket")
            with MillraceServer(args=args, env=env) as b:
                firehose, _, _ = clients(b.edge_url)
                firehose.create_delivery_stream(
                    DeliveryStreamName="srv",
                    ExtendedS3DestinationConfiguration=s3_destination(
                        "srv-bucket", interval=0, Prefix="data/", CompressionFormat="GZIP"))
                sent = [f"line-{i}\n".encode() for i in range(200)]
                firehose.put_record_batch(DeliveryStreamName="srv",
                                          Records=[{"Data": d} for d in sent])

                def objects():
                    listing = outside.list_objects_v2(Bucket="srv-bucket", Prefix="data/")
                    keys = [o["Key"] for o in listing.get("Contents", [])]
                    got = [line for k in keys for line in gzip.decompress(
                        outside.get_object(Bucket="srv-bucket", Key=k)["Body"].read())
                        .splitlines(True)]
                    return (keys, got) if len(got) >= len(sent) else None
                keys, got = wait_for(objects, timeout=60, interval=0.5, what="objects in s3rver")
                self.assertEqual(sorted(got), sorted(sent))
                self.assertTrue(all(k.endswith(".gz") for k in keys))


if __name__ == "__main__":
    unittest.main()
