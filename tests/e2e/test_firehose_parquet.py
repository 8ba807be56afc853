"""Firehose delivery from a Kinesis stream and from a Kafka topic into Parquet with dynamic
partitioning, the schema from a Glue table: DuckDB reads the lake from disk with hive
partitioning and every record must be there exactly once, in its partition, with its values;
records that do not fit the schema land in the error output; /metrics counts the delivery."""

import base64
import json
import os
import subprocess
import time
import unittest
import urllib.request

import boto3
from botocore.config import Config

from firehose_support import HERE, clients, lake_files, read_lake, s3_destination, wait_for
from harness import MillraceServer

SHOPS = ["north", "south", "east", "west", "online"]


def conversion(database, table):
    return {"Enabled": True,
            "SchemaConfiguration": {"DatabaseName": database, "TableName": table,
                                    "RoleARN": "arn:aws:iam::000000000000:role/r"},
            "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
            "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {}}}}


def partitioned_destination(prefix, database, table):
    return s3_destination(
        "lake", interval=1, size_mb=64,
        Prefix=prefix + "shop=!{partitionKeyFromQuery:shop}/",
        ErrorOutputPrefix=prefix + "errors/!{firehose:error-output-type}/",
        DynamicPartitioningConfiguration={"Enabled": True},
        DataFormatConversionConfiguration=conversion(database, table),
        ProcessingConfiguration={"Enabled": True, "Processors": [
            {"Type": "MetadataExtraction", "Parameters": [
                {"ParameterName": "MetadataExtractionQuery", "ParameterValue": "{shop:.shop}"},
                {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]}]})


class FirehoseParquetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.firehose, cls.s3, cls.kinesis = clients(cls.server.edge_url)
        cls.glue = boto3.client("glue", endpoint_url=cls.server.edge_url,
                                region_name="us-east-1", aws_access_key_id="test",
                                aws_secret_access_key="test")
        cls.s3.create_bucket(Bucket="lake")
        cls.glue.create_database(DatabaseInput={"Name": "sales"})
        for table in ("orders", "orders_msk"):
            cls.glue.create_table(DatabaseName="sales", TableInput={
                "Name": table,
                "StorageDescriptor": {"Columns": [
                    {"Name": "id", "Type": "bigint"}, {"Name": "shop_name", "Type": "string"},
                    {"Name": "amount", "Type": "double"},
                    {"Name": "items", "Type": "array<string>"}],
                    "Location": f"s3://lake/{table}/"},
                "PartitionKeys": [{"Name": "shop", "Type": "string"}]})

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, f"server exit code {code}; log:\n{cls.server.log()}"

    def duckdb(self, sql):
        r = subprocess.run(["node", "firehose_duckdb.mjs", sql], cwd=HERE, capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def metric(self, name, stream):
        text = urllib.request.urlopen(self.server.edge_url + "/metrics").read().decode()
        for line in text.splitlines():
            if line.startswith(name + "{") and f'delivery_stream="{stream}"' in line:
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    def check_lake(self, prefix, stream, expected):
        """Every expected record exactly once in its shop's partition, with its values."""
        wait_for(lambda: self.metric("millrace_firehose_delivery_to_s3_records_total", stream)
                 >= len(expected), timeout=60, what=f"{stream} delivered")
        glob = os.path.join(self.server.data_dir, "lake", "lake", prefix + "shop=*", "*.parquet")
        [row] = self.duckdb(
            f"SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS id_sum, "
            f"count(*) FILTER (WHERE shop <> shop_name) AS misplaced, "
            f"sum(amount) AS amount, sum(len(items)) AS items "
            f"FROM read_parquet('{glob}', hive_partitioning = true)")
        self.assertEqual(row["n"], len(expected))
        self.assertEqual(row["ids"], len(expected))
        self.assertEqual(row["id_sum"], sum(r["id"] for r in expected))
        self.assertEqual(row["misplaced"], 0)
        self.assertAlmostEqual(row["amount"], sum(r["amount"] for r in expected), places=3)
        self.assertEqual(row["items"], sum(len(r["items"]) for r in expected))
        shops = self.duckdb(f"SELECT shop, count(*) AS n FROM read_parquet('{glob}', "
                            f"hive_partitioning = true) GROUP BY shop ORDER BY shop")
        want = {}
        for r in expected:
            want[r["shop"]] = want.get(r["shop"], 0) + 1
        self.assertEqual({s["shop"]: s["n"] for s in shops}, want)
        # Objects carry Firehose's names and the .parquet extension.
        for key in lake_files(self.server.data_dir, "lake", prefix + "shop=north/"):
            self.assertTrue(key.split("/")[-1].startswith(stream + "-1-"), key)
            self.assertTrue(key.endswith(".parquet"), key)

    def error_lines(self, prefix):
        keys = lake_files(self.server.data_dir, "lake", prefix + "errors/")
        return [json.loads(line) for k in keys
                for line in read_lake(self.server.data_dir, "lake", k).decode().splitlines()]

    def test_kinesis_source_100k_records(self):
        self.kinesis.create_stream(StreamName="orders-in", ShardCount=2)
        arn = self.kinesis.describe_stream_summary(
            StreamName="orders-in")["StreamDescriptionSummary"]["StreamARN"]
        self.firehose.create_delivery_stream(
            DeliveryStreamName="orders-kds", DeliveryStreamType="KinesisStreamAsSource",
            KinesisStreamSourceConfiguration={"KinesisStreamARN": arn,
                                              "RoleARN": "arn:aws:iam::000000000000:role/r"},
            ExtendedS3DestinationConfiguration=partitioned_destination(
                "kds/", "sales", "orders"))
        d = self.firehose.describe_delivery_stream(
            DeliveryStreamName="orders-kds")["DeliveryStreamDescription"]
        self.assertEqual(d["Source"]["KinesisStreamSourceDescription"]["KinesisStreamARN"], arn)
        with self.assertRaises(Exception) as ctx:
            self.firehose.put_record(DeliveryStreamName="orders-kds", Record={"Data": b"{}"})
        self.assertIn("InvalidArgumentException", str(ctx.exception))

        expected = [{"id": i, "shop": SHOPS[i % len(SHOPS)], "shop_name": SHOPS[i % len(SHOPS)],
                     "amount": (i % 1000) / 4, "items": ["a"] * (i % 3)} for i in range(100_000)]
        bad = [{"id": "not-a-number", "shop": "north", "shop_name": "north"},
               {"id": 1, "shop": "south", "shop_name": "south", "amount": "lots"}]
        batch = []
        for r in expected + bad:
            batch.append({"Data": json.dumps(r).encode(), "PartitionKey": str(r["id"])})
            if len(batch) == 500:
                out = self.kinesis.put_records(StreamName="orders-in", Records=batch)
                self.assertEqual(out["FailedRecordCount"], 0)
                batch = []
        if batch:
            self.kinesis.put_records(StreamName="orders-in", Records=batch)
        self.check_lake("kds/", "orders-kds", expected)
        errors = wait_for(lambda: len(self.error_lines("kds/")) >= len(bad) and
                          self.error_lines("kds/"), what="conversion errors")
        self.assertEqual(len(errors), len(bad))
        self.assertEqual(sorted(json.loads(base64.b64decode(e["rawData"]))["shop"]
                                for e in errors), ["north", "south"])
        for e in errors:
            self.assertEqual(e["dataCatalogTable"]["tableName"], "orders")
        self.assertGreaterEqual(
            self.metric("millrace_firehose_failed_conversion_records_total", "orders-kds"), 2)
        # The partitions were registered in the catalog.
        parts = self.glue.get_partitions(DatabaseName="sales", TableName="orders")["Partitions"]
        self.assertEqual(sorted(p["Values"][0] for p in parts), sorted(SHOPS))
        for p in parts:
            self.assertIn("kds/shop=" + p["Values"][0], p["StorageDescriptor"]["Location"])

    def test_kafka_source_with_kcat(self):
        # The topic (a log topic like any other) is made through the Kinesis API.
        self.kinesis.create_stream(StreamName="orders-topic", ShardCount=1)
        body = json.dumps({
            "DeliveryStreamName": "orders-msk", "DeliveryStreamType": "MSKAsSource",
            "MSKSourceConfiguration": {
                "MSKClusterARN": "arn:aws:kafka:us-east-1:000000000000:cluster/local/1",
                "TopicName": "orders-topic",
                "AuthenticationConfiguration": {"RoleARN": "arn:aws:iam::000000000000:role/r",
                                                "Connectivity": "PRIVATE"}},
            "ExtendedS3DestinationConfiguration": partitioned_destination(
                "msk/", "sales", "orders_msk")}).encode()
        req = urllib.request.Request(
            self.server.edge_url + "/", data=body, method="POST",
            headers={"Content-Type": "application/x-amz-json-1.1",
                     "X-Amz-Target": "Firehose_20150804.CreateDeliveryStream"})
        self.assertEqual(urllib.request.urlopen(req).status, 200)
        expected = [{"id": i, "shop": SHOPS[i % 3], "shop_name": SHOPS[i % 3],
                     "amount": i / 2, "items": ["x", "y"]} for i in range(5000)]
        lines = "\n".join(json.dumps(r) for r in expected) + "\n"
        r = subprocess.run(["kcat", "-P", "-b", f"127.0.0.1:{self.server.kafka_port}",
                            "-t", "orders-topic", "-X", "acks=all"], input=lines, text=True,
                           capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_lake("msk/", "orders-msk", expected)


if __name__ == "__main__":
    unittest.main()
