"""Firehose DirectPut delivery streams against the real server with boto3 and the aws cli:
the API's shapes and errors, records delivered exactly under Firehose's default prefix and
object names (plain and GZIP), bad records in the error output, definitions and undelivered
records surviving a restart."""

import gzip
import json
import os
import re
import subprocess
import urllib.request
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

from firehose_support import HERE, aws_cli, clients, lake_files, read_lake, s3_destination, wait_for
from harness import MillraceServer

OBJECT_NAME = re.compile(
    r"^(\d{4})/(\d{2})/(\d{2})/(\d{2})/(?P<stream>[\w.-]+)-(?P<version>\d+)-"
    r"\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-"
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}(?P<ext>\.\w+)?$")


class FirehoseDirectPutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.firehose, cls.s3, cls.kinesis = clients(cls.server.edge_url)
        cls.s3.create_bucket(Bucket="lake")

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, f"server exit code {code}; log:\n{cls.server.log()}"

    def error_type(self, call):
        with self.assertRaises(ClientError) as ctx:
            call()
        return ctx.exception.response["Error"]["Code"]

    def test_records_arrive_exactly_under_the_default_prefix(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName="plain", DeliveryStreamType="DirectPut",
            ExtendedS3DestinationConfiguration=s3_destination("lake", Prefix="plain/",
                                                              interval=1))
        sent = [json.dumps({"n": i, "pad": "x" * (i % 7)}).encode() + b"\n" for i in range(1200)]
        r = self.firehose.put_record(DeliveryStreamName="plain", Record={"Data": sent[0]})
        self.assertTrue(r["RecordId"])
        for start in range(1, len(sent), 500):
            chunk = sent[start:start + 500]
            r = self.firehose.put_record_batch(DeliveryStreamName="plain",
                                               Records=[{"Data": d} for d in chunk])
            self.assertEqual(r["FailedPutCount"], 0)
            self.assertEqual(len(r["RequestResponses"]), len(chunk))
            self.assertEqual(len({e["RecordId"] for e in r["RequestResponses"]}), len(chunk))

        def delivered():
            data = b"".join(read_lake(self.server.data_dir, "lake", k)
                            for k in lake_files(self.server.data_dir, "lake", "plain/"))
            return data if data.count(b"\n") >= len(sent) else None
        wait_for(delivered, what="all records delivered")
        keys = lake_files(self.server.data_dir, "lake", "plain/")
        for key in keys:
            m = OBJECT_NAME.match(key[len("plain/"):])
            self.assertIsNotNone(m, key)
            self.assertEqual(m.group("stream"), "plain")
            self.assertEqual(m.group("version"), "1")
            self.assertIsNone(m.group("ext"))
        # Objects in name order hold the records in put order, each exactly once.
        self.assertEqual(b"".join(read_lake(self.server.data_dir, "lake", k) for k in keys),
                         b"".join(sent))

    def test_gzip_objects(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName="zipped",
            ExtendedS3DestinationConfiguration=s3_destination("lake", Prefix="gz/", interval=0,
                                                              CompressionFormat="GZIP"))
        sent = [f"line {i}\n".encode() for i in range(300)]
        self.firehose.put_record_batch(DeliveryStreamName="zipped",
                                       Records=[{"Data": d} for d in sent])
        keys = wait_for(lambda: lake_files(self.server.data_dir, "lake", "gz/"), what="gzip")
        for k in keys:
            self.assertTrue(k.endswith(".gz"), k)
        data = b"".join(gzip.decompress(read_lake(self.server.data_dir, "lake", k)) for k in keys)
        self.assertEqual(data, b"".join(sent))

    def test_dynamic_partitioning_and_bad_records(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName="parted",
            ExtendedS3DestinationConfiguration=s3_destination(
                "lake", interval=1, Prefix="parted/shop=!{partitionKeyFromQuery:shop}/",
                ErrorOutputPrefix="parted-errors/!{firehose:error-output-type}/",
                DynamicPartitioningConfiguration={"Enabled": True},
                ProcessingConfiguration={"Enabled": True, "Processors": [
                    {"Type": "MetadataExtraction", "Parameters": [
                        {"ParameterName": "MetadataExtractionQuery",
                         "ParameterValue": "{shop:.shop}"},
                        {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]},
                    {"Type": "AppendDelimiterToRecord", "Parameters": []}]}))
        good = [{"shop": s, "n": i} for i, s in enumerate(["a", "b", "a", "c", "b", "a"])]
        bad = [b"not json at all", json.dumps({"n": 99}).encode()]
        records = [json.dumps(g).encode() for g in good] + bad
        self.firehose.put_record_batch(DeliveryStreamName="parted",
                                       Records=[{"Data": d} for d in records])

        def partitions():
            keys = lake_files(self.server.data_dir, "lake", "parted/")
            errors = lake_files(self.server.data_dir, "lake", "parted-errors/")
            return (keys, errors) if len(keys) >= 3 and errors else None
        keys, errors = wait_for(partitions, what="partitioned objects and errors")
        by_shop = {}
        for k in keys:
            shop = k.split("/")[1]
            lines = read_lake(self.server.data_dir, "lake", k).decode().splitlines()
            by_shop.setdefault(shop, []).extend(json.loads(line) for line in lines)
        for shop in "abc":
            self.assertEqual(by_shop[f"shop={shop}"], [g for g in good if g["shop"] == shop])
        lines = [json.loads(line) for k in errors
                 for line in read_lake(self.server.data_dir, "lake", k).decode().splitlines()]
        self.assertEqual(len(lines), 2)
        for line in lines:
            self.assertEqual(line["errorCode"], "DynamicPartitioning.MetadataExtractionFailed")
            self.assertIn("arrivalTimestamp", line)
        import base64
        self.assertEqual(sorted(base64.b64decode(l["rawData"]) for l in lines),
                         sorted(b + b"\n" for b in bad))

    def test_transform_hook_with_lambda_partition_keys(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "firehose_transform.py")
        self.firehose.create_delivery_stream(
            DeliveryStreamName="transformed",
            ExtendedS3DestinationConfiguration=s3_destination(
                "lake", interval=1, Prefix="tx/kind=!{partitionKeyFromLambda:kind}/",
                ErrorOutputPrefix="tx-errors/!{firehose:error-output-type}/",
                DynamicPartitioningConfiguration={"Enabled": True},
                ProcessingConfiguration={"Enabled": True, "Processors": [
                    {"Type": "Lambda", "Parameters": [
                        {"ParameterName": "LambdaArn",
                         "ParameterValue": f"command:/usr/bin/python3 {script}"},
                        {"ParameterName": "NumberOfRetries", "ParameterValue": "0"}]},
                    {"Type": "AppendDelimiterToRecord", "Parameters": []}]}))
        records = [b"apple 1", b"pear 2", b"apple 3", b"drop me", b"fail me", b"pear 4"]
        self.firehose.put_record_batch(DeliveryStreamName="transformed",
                                       Records=[{"Data": d} for d in records])

        def done():
            keys = lake_files(self.server.data_dir, "lake", "tx/")
            errors = lake_files(self.server.data_dir, "lake", "tx-errors/")
            return (keys, errors) if len(keys) >= 2 and errors else None
        keys, errors = wait_for(done, what="transformed objects")
        by_kind = {}
        for k in keys:
            by_kind.setdefault(k.split("/")[1], b"")
            by_kind[k.split("/")[1]] += read_lake(self.server.data_dir, "lake", k)
        self.assertEqual(by_kind, {"kind=apple": b"APPLE 1\nAPPLE 3\n",
                                   "kind=pear": b"PEAR 2\nPEAR 4\n"})
        self.assertTrue(errors[0].startswith("tx-errors/processing-failed/"), errors)
        [line] = [json.loads(l) for k in errors
                  for l in read_lake(self.server.data_dir, "lake", k).decode().splitlines()]
        self.assertEqual(line["errorCode"], "Lambda.ProcessingFailedStatus")
        import base64
        self.assertEqual(base64.b64decode(line["rawData"]), b"fail me")

    def test_js_sdk_current_model(self):
        # MSKAsSource reads a log topic; the topic is made through the Kinesis API.
        self.kinesis.create_stream(StreamName="js-topic", ShardCount=1)
        r = subprocess.run(["node", "firehose_js_sdk.mjs", self.server.edge_url,
                            self.server.data_dir, "js-topic"], cwd=HERE, capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        keys = json.loads(r.stdout)
        self.assertTrue(keys)
        for key in keys:
            # Asia/Tokyo dates in the prefix and the name, the custom extension.
            self.assertRegex(key, r"^js/\d{4}-\d{2}-\d{2}/js-direct-1-[\d-]+-[0-9a-f-]{36}\.jsonl$")

    def test_kafka_source_reads_compressed_batches(self):
        self.kinesis.create_stream(StreamName="kz-topic", ShardCount=1)
        body = json.dumps({
            "DeliveryStreamName": "kz", "DeliveryStreamType": "MSKAsSource",
            "MSKSourceConfiguration": {
                "MSKClusterARN": "arn:aws:kafka:us-east-1:000000000000:cluster/c/1",
                "TopicName": "kz-topic",
                "AuthenticationConfiguration": {"RoleARN": "arn:aws:iam::000000000000:role/r",
                                                "Connectivity": "PRIVATE"}},
            "ExtendedS3DestinationConfiguration": s3_destination(
                "lake", interval=0, Prefix="kz/",
                ProcessingConfiguration={"Enabled": True, "Processors": [
                    {"Type": "AppendDelimiterToRecord", "Parameters": []}]})}).encode()
        req = urllib.request.Request(
            self.server.edge_url + "/", data=body, method="POST",
            headers={"Content-Type": "application/x-amz-json-1.1",
                     "X-Amz-Target": "Firehose_20150804.CreateDeliveryStream"})
        self.assertEqual(urllib.request.urlopen(req).status, 200)
        sent = []
        for codec in ("none", "gzip", "snappy", "lz4", "zstd"):
            lines = [f"{codec}-{i}" for i in range(300)]
            sent += lines
            r = subprocess.run(["kcat", "-P", "-b", f"127.0.0.1:{self.server.kafka_port}",
                                "-t", "kz-topic", "-z", codec, "-X", "acks=all"],
                               input="\n".join(lines) + "\n", text=True, capture_output=True,
                               timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)

        def delivered():
            got = [line for k in lake_files(self.server.data_dir, "lake", "kz/")
                   for line in read_lake(self.server.data_dir, "lake", k).decode().splitlines()]
            return got if len(got) >= len(sent) else None
        got = wait_for(delivered, what="records of every codec")
        self.assertEqual(sorted(got), sorted(sent))

    def test_update_destination_takes_effect_with_the_new_version(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName="upd",
            ExtendedS3DestinationConfiguration=s3_destination("lake", interval=0, Prefix="u1/"))
        self.firehose.put_record(DeliveryStreamName="upd", Record={"Data": b"before\n"})
        first = wait_for(lambda: lake_files(self.server.data_dir, "lake", "u1/"), what="u1")
        self.assertIn("/upd-1-", first[0])
        self.firehose.update_destination(
            DeliveryStreamName="upd", CurrentDeliveryStreamVersionId="1",
            DestinationId="destinationId-000000000001",
            ExtendedS3DestinationUpdate={"Prefix": "u2/", "CompressionFormat": "GZIP"})
        self.firehose.put_record(DeliveryStreamName="upd", Record={"Data": b"after\n"})
        second = wait_for(lambda: lake_files(self.server.data_dir, "lake", "u2/"), what="u2")
        self.assertIn("/upd-2-", second[0])
        self.assertTrue(second[0].endswith(".gz"))
        self.assertEqual(gzip.decompress(read_lake(self.server.data_dir, "lake", second[0])),
                         b"after\n")
        self.assertEqual(b"".join(read_lake(self.server.data_dir, "lake", k)
                                  for k in lake_files(self.server.data_dir, "lake", "u1/")),
                         b"before\n")

    def test_cloudwatch_logs_records(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName="logs",
            ExtendedS3DestinationConfiguration=s3_destination(
                "lake", interval=0, Prefix="logs/",
                ErrorOutputPrefix="logs-errors/!{firehose:error-output-type}/",
                ProcessingConfiguration={"Enabled": True, "Processors": [
                    {"Type": "Decompression", "Parameters": [
                        {"ParameterName": "CompressionFormat", "ParameterValue": "GZIP"}]},
                    {"Type": "CloudWatchLogProcessing", "Parameters": [
                        {"ParameterName": "DataMessageExtraction", "ParameterValue": "true"}]}]}))
        batch = {"messageType": "DATA_MESSAGE", "owner": "000000000000", "logGroup": "g",
                 "logStream": "s", "subscriptionFilters": ["f"],
                 "logEvents": [{"id": "1", "timestamp": 1, "message": "first line"},
                               {"id": "2", "timestamp": 2, "message": "second line"}]}
        self.firehose.put_record_batch(DeliveryStreamName="logs", Records=[
            {"Data": gzip.compress(json.dumps(batch).encode())}, {"Data": b"not gzip"}])

        def done():
            keys = lake_files(self.server.data_dir, "lake", "logs/")
            errors = lake_files(self.server.data_dir, "lake", "logs-errors/")
            return (keys, errors) if keys and errors else None
        keys, errors = wait_for(done, what="log messages and the error")
        self.assertEqual(b"".join(read_lake(self.server.data_dir, "lake", k) for k in keys),
                         b"first line\nsecond line\n")
        self.assertTrue(errors[0].startswith("logs-errors/processing-failed/"), errors)

    def test_describe_list_update_tags_and_errors(self):
        fh = self.firehose
        fh.create_delivery_stream(DeliveryStreamName="meta-1",
                                  ExtendedS3DestinationConfiguration=s3_destination(
                                      "lake", interval=300, size_mb=5, Prefix="m1/"),
                                  Tags=[{"Key": "team", "Value": "data"}])
        d = fh.describe_delivery_stream(DeliveryStreamName="meta-1")["DeliveryStreamDescription"]
        self.assertEqual(d["DeliveryStreamStatus"], "ACTIVE")
        self.assertEqual(d["DeliveryStreamType"], "DirectPut")
        self.assertEqual(d["VersionId"], "1")
        self.assertEqual(d["DeliveryStreamARN"],
                         "arn:aws:firehose:us-east-1:000000000000:deliverystream/meta-1")
        dest = d["Destinations"][0]
        self.assertEqual(dest["DestinationId"], "destinationId-000000000001")
        ext = dest["ExtendedS3DestinationDescription"]
        self.assertEqual(ext["BufferingHints"], {"SizeInMBs": 5, "IntervalInSeconds": 300})
        self.assertEqual(ext["CompressionFormat"], "UNCOMPRESSED")

        self.assertEqual(self.error_type(lambda: fh.create_delivery_stream(
            DeliveryStreamName="meta-1",
            ExtendedS3DestinationConfiguration=s3_destination("lake"))),
            "ResourceInUseException")
        self.assertEqual(self.error_type(lambda: fh.create_delivery_stream(
            DeliveryStreamName="nobucket",
            ExtendedS3DestinationConfiguration=s3_destination("no-such-bucket"))),
            "InvalidArgumentException")
        self.assertEqual(self.error_type(lambda: fh.create_delivery_stream(
            DeliveryStreamName="badhints",
            ExtendedS3DestinationConfiguration=s3_destination("lake", size_mb=129))),
            "ValidationException")
        self.assertEqual(self.error_type(lambda: fh.describe_delivery_stream(
            DeliveryStreamName="missing")), "ResourceNotFoundException")
        # What the worker could not deliver is refused up front.
        bad_query = {"Enabled": True, "Processors": [{"Type": "MetadataExtraction", "Parameters": [
            {"ParameterName": "MetadataExtractionQuery", "ParameterValue": "{k:.k"},
            {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]}]}
        self.assertEqual(self.error_type(lambda: fh.create_delivery_stream(
            DeliveryStreamName="badjq", ExtendedS3DestinationConfiguration=s3_destination(
                "lake", Prefix="k=!{partitionKeyFromQuery:k}/", ErrorOutputPrefix="e/",
                DynamicPartitioningConfiguration={"Enabled": True},
                ProcessingConfiguration=bad_query))), "InvalidArgumentException")
        unknown_lambda = {"Enabled": True, "Processors": [{"Type": "Lambda", "Parameters": [
            {"ParameterName": "LambdaArn",
             "ParameterValue": "arn:aws:lambda:us-east-1:000000000000:function:nowhere"}]}]}
        self.assertEqual(self.error_type(lambda: fh.create_delivery_stream(
            DeliveryStreamName="nolambda", ExtendedS3DestinationConfiguration=s3_destination(
                "lake", ProcessingConfiguration=unknown_lambda))), "InvalidArgumentException")
        self.assertEqual(self.error_type(lambda: fh.put_record(
            DeliveryStreamName="missing", Record={"Data": b"x"})), "ResourceNotFoundException")
        self.assertEqual(self.error_type(lambda: fh.put_record_batch(
            DeliveryStreamName="meta-1", Records=[{"Data": b"x"}] * 501)), "ValidationException")
        self.assertEqual(self.error_type(lambda: fh.put_record(
            DeliveryStreamName="meta-1", Record={"Data": b"x" * 1_024_001})),
            "ValidationException")

        # UpdateDestination: version check, then version + 1.
        self.assertEqual(self.error_type(lambda: fh.update_destination(
            DeliveryStreamName="meta-1", CurrentDeliveryStreamVersionId="7",
            DestinationId="destinationId-000000000001",
            ExtendedS3DestinationUpdate={"Prefix": "m2/"})), "ConcurrentModificationException")
        fh.update_destination(DeliveryStreamName="meta-1", CurrentDeliveryStreamVersionId="1",
                              DestinationId="destinationId-000000000001",
                              ExtendedS3DestinationUpdate={"Prefix": "m2/",
                                                           "CompressionFormat": "GZIP"})
        d = fh.describe_delivery_stream(DeliveryStreamName="meta-1")["DeliveryStreamDescription"]
        self.assertEqual(d["VersionId"], "2")
        self.assertIn("LastUpdateTimestamp", d)
        ext = d["Destinations"][0]["ExtendedS3DestinationDescription"]
        self.assertEqual(ext["Prefix"], "m2/")
        self.assertEqual(ext["CompressionFormat"], "GZIP")
        self.assertEqual(ext["BufferingHints"]["SizeInMBs"], 5)

        # Tags.
        fh.tag_delivery_stream(DeliveryStreamName="meta-1",
                               Tags=[{"Key": "env", "Value": "test"}])
        tags = fh.list_tags_for_delivery_stream(DeliveryStreamName="meta-1")
        self.assertEqual(tags["Tags"], [{"Key": "env", "Value": "test"},
                                        {"Key": "team", "Value": "data"}])
        self.assertFalse(tags["HasMoreTags"])
        page = fh.list_tags_for_delivery_stream(DeliveryStreamName="meta-1", Limit=1)
        self.assertEqual(len(page["Tags"]), 1)
        self.assertTrue(page["HasMoreTags"])
        fh.untag_delivery_stream(DeliveryStreamName="meta-1", TagKeys=["team"])
        self.assertEqual(fh.list_tags_for_delivery_stream(DeliveryStreamName="meta-1")["Tags"],
                         [{"Key": "env", "Value": "test"}])

        # Encryption is recorded and reported.
        fh.start_delivery_stream_encryption(
            DeliveryStreamName="meta-1",
            DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"})
        d = fh.describe_delivery_stream(DeliveryStreamName="meta-1")["DeliveryStreamDescription"]
        self.assertEqual(d["DeliveryStreamEncryptionConfiguration"]["Status"], "ENABLED")
        self.assertTrue(fh.put_record(DeliveryStreamName="meta-1",
                                      Record={"Data": b"x"})["Encrypted"])
        fh.stop_delivery_stream_encryption(DeliveryStreamName="meta-1")

        # Listing with the type filter and paging.
        fh.create_delivery_stream(DeliveryStreamName="meta-2",
                                  ExtendedS3DestinationConfiguration=s3_destination("lake"))
        names = fh.list_delivery_streams(Limit=10000)["DeliveryStreamNames"]
        self.assertIn("meta-1", names)
        self.assertIn("meta-2", names)
        self.assertEqual(names, sorted(names))
        page = fh.list_delivery_streams(Limit=1, ExclusiveStartDeliveryStreamName="meta-1")
        self.assertEqual(page["DeliveryStreamNames"], ["meta-2"])
        self.assertEqual(fh.list_delivery_streams(DeliveryStreamType="KinesisStreamAsSource")
                         ["DeliveryStreamNames"], [])

        fh.delete_delivery_stream(DeliveryStreamName="meta-2")
        self.assertNotIn("meta-2", fh.list_delivery_streams(Limit=100)["DeliveryStreamNames"])
        self.assertEqual(self.error_type(lambda: fh.delete_delivery_stream(
            DeliveryStreamName="meta-2")), "ResourceNotFoundException")

    def test_aws_cli(self):
        url = self.server.edge_url
        aws_cli(url, "firehose", "create-delivery-stream", "--delivery-stream-name", "cli",
                "--s3-destination-configuration",
                json.dumps(s3_destination("lake", interval=60, size_mb=1, Prefix="cli/")))
        r = aws_cli(url, "firehose", "describe-delivery-stream", "--delivery-stream-name", "cli")
        d = json.loads(r.stdout)["DeliveryStreamDescription"]
        self.assertEqual(d["Destinations"][0]["S3DestinationDescription"]["Prefix"], "cli/")
        r = aws_cli(url, "firehose", "put-record", "--delivery-stream-name", "cli",
                    "--cli-binary-format", "raw-in-base64-out", "--record", "Data=hello")
        self.assertTrue(json.loads(r.stdout)["RecordId"])
        r = aws_cli(url, "firehose", "list-delivery-streams")
        self.assertIn("cli", json.loads(r.stdout)["DeliveryStreamNames"])


class FirehoseLambdaFlagTest(unittest.TestCase):
    def test_lambda_arn_resolved_through_the_server_flag(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "firehose_transform.py")
        arn = "arn:aws:lambda:us-east-1:000000000000:function:upper"
        server = MillraceServer(args=["--edge", "127.0.0.1:0", "--kafka", "127.0.0.1:0",
                                      "--firehose-lambda",
                                      f"upper=command:/usr/bin/python3 {script}"]).start()
        try:
            firehose, s3, _ = clients(server.edge_url)
            s3.create_bucket(Bucket="lake")
            firehose.create_delivery_stream(
                DeliveryStreamName="by-arn", ExtendedS3DestinationConfiguration=s3_destination(
                    "lake", interval=0, Prefix="arn/", ProcessingConfiguration={
                        "Enabled": True, "Processors": [{"Type": "Lambda", "Parameters": [
                            {"ParameterName": "LambdaArn", "ParameterValue": arn}]}]}))
            firehose.put_record(DeliveryStreamName="by-arn", Record={"Data": b"hello world\n"})
            keys = wait_for(lambda: lake_files(server.data_dir, "lake", "arn/"), what="object")
            self.assertEqual(read_lake(server.data_dir, "lake", keys[0]), b"HELLO WORLD\n")
        finally:
            self.assertEqual(server.stop(), 0)


class FirehoseRestartTest(unittest.TestCase):
    def test_definitions_and_undelivered_records_survive_a_restart(self):
        tmp = tempfile.TemporaryDirectory(prefix="millrace-fh-restart-")
        data_dir = os.path.join(tmp.name, "data")
        server = MillraceServer(data_dir=data_dir).start()
        try:
            firehose, s3, _ = clients(server.edge_url)
            s3.create_bucket(Bucket="lake")
            # A long interval: nothing is delivered before the kill.
            firehose.create_delivery_stream(
                DeliveryStreamName="durable",
                ExtendedS3DestinationConfiguration=s3_destination("lake", interval=900,
                                                                  size_mb=128, Prefix="d/"))
            sent = [f"record {i}\n".encode() for i in range(500)]
            firehose.put_record_batch(DeliveryStreamName="durable",
                                      Records=[{"Data": d} for d in sent])
            self.assertEqual(lake_files(data_dir, "lake", "d/"), [])
            server.stop(sig=9)
            server = MillraceServer(data_dir=data_dir).start()
            firehose, s3, _ = clients(server.edge_url)
            d = firehose.describe_delivery_stream(
                DeliveryStreamName="durable")["DeliveryStreamDescription"]
            self.assertEqual(d["Destinations"][0]["ExtendedS3DestinationDescription"]
                             ["BufferingHints"]["IntervalInSeconds"], 900)
            # A graceful stop delivers what is buffered.
            self.assertEqual(server.stop(), 0)
            keys = lake_files(data_dir, "lake", "d/")
            self.assertTrue(keys)
            self.assertEqual(b"".join(read_lake(data_dir, "lake", k) for k in keys),
                             b"".join(sent))
        finally:
            if server.process is not None:
                server.stop()
            tmp.cleanup()


if __name__ == "__main__":
    unittest.main()
