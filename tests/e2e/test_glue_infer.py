"""End-to-end test of `millrace catalog infer`: DuckDB writes a Hive-partitioned Parquet table,
`aws s3 cp` puts it into the lake, the crawler command infers the table through the running
server's S3 and Glue APIs, and `aws glue get-table` / `get-partitions` show the result."""

import os
import shutil
import subprocess
import tempfile
import unittest

from glue_support import ENV, HERE, GlueTestCase
from harness import millrace_bin


class GlueInferTest(GlueTestCase):
    def infer(self, *args):
        return subprocess.run([millrace_bin(), "catalog", "infer", *args,
                               "--endpoint", self.server.edge_url],
                              capture_output=True, text=True, env=ENV, timeout=120)

    def test_infer_partitioned_parquet_table(self):
        with tempfile.TemporaryDirectory(prefix="millrace-infer-") as tmp:
            local = os.path.join(tmp, "events")
            r = subprocess.run(["node", "glue_parquet_files.mjs", local], cwd=HERE,
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(local, "_SUCCESS"), "w"):
                pass
            with open(os.path.join(local, "README.txt"), "w") as f:
                f.write("not parquet\n")
            self.aws("s3", "mb", "s3://lake")
            self.aws("s3", "cp", "--recursive", "--quiet", local, "s3://lake/raw/events/")

            r = self.infer("s3://lake/raw/events/", "--database", "analytics")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("table analytics.events at s3://lake/raw/events/ created", r.stdout)
            self.assertIn("partition keys: year int, region string", r.stdout)
            self.assertIn("6 Parquet objects, 72 rows; 1 other objects skipped", r.stdout)
            self.assertIn("partitions: 6 created, 0 already present", r.stdout)

            table = self.aws("glue", "get-table", "--database-name", "analytics",
                             "--name", "events")["Table"]
            columns = {c["Name"]: c["Type"] for c in table["StorageDescriptor"]["Columns"]}
            self.assertEqual(columns, {
                "id": "bigint", "name": "string", "score": "decimal(10,2)", "ts": "timestamp",
                "day": "date", "flag": "boolean", "ratio": "float", "small": "smallint",
                "tags": "array<string>", "attrs": "map<string,int>",
                "geo": "struct<lat:double,lon:double>"})
            self.assertEqual([(k["Name"], k["Type"]) for k in table["PartitionKeys"]],
                             [("year", "int"), ("region", "string")])
            self.assertEqual(table["TableType"], "EXTERNAL_TABLE")
            self.assertEqual(table["Parameters"]["classification"], "parquet")
            self.assertEqual(table["Parameters"]["compressionType"], "snappy")
            sd = table["StorageDescriptor"]
            self.assertEqual(sd["Location"], "s3://lake/raw/events/")
            self.assertEqual(sd["SerdeInfo"]["SerializationLibrary"],
                             "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
            self.assertEqual(sd["InputFormat"],
                             "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")

            parts = self.aws("glue", "get-partitions", "--database-name", "analytics",
                             "--table-name", "events", "--expression", "year > 100")["Partitions"]
            self.assertEqual(sorted(p["Values"] for p in parts),
                             [["2023", "eu"], ["2023", "us"], ["2024", "eu"], ["2024", "us"]])
            locations = {p["StorageDescriptor"]["Location"] for p in parts}
            self.assertIn("s3://lake/raw/events/year=2023/region=eu/", locations)

            # A new partition directory: the second run updates the table, adds only it.
            shutil.copytree(os.path.join(local, "year=9", "region=us"),
                            os.path.join(tmp, "more"))
            self.aws("s3", "cp", "--recursive", "--quiet", os.path.join(tmp, "more"),
                     "s3://lake/raw/events/year=2025/region=eu/")
            r = self.infer("s3://lake/raw/events", "--database", "analytics")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("events/ updated", r.stdout)
            self.assertIn("partitions: 1 created, 6 already present", r.stdout)
            parts = self.glue.get_partitions(DatabaseName="analytics", TableName="events",
                                             Expression="year = 2025")["Partitions"]
            self.assertEqual([p["Values"] for p in parts], [["2025", "eu"]])
            self.assertEqual(self.glue.get_table(DatabaseName="analytics",
                                                 Name="events")["Table"]["VersionId"], "2")

    def test_infer_errors(self):
        self.glue.create_database(DatabaseInput={"Name": "empty_db"})
        self.aws("s3", "mb", "s3://nothing")
        r = self.infer("s3://nothing/none/", "--database", "empty_db")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no Parquet objects under s3://nothing/none/", r.stderr)
        r = self.infer("s3://missing-bucket/x/", "--database", "empty_db")
        self.assertEqual(r.returncode, 1)
        self.assertIn("NoSuchBucket", r.stderr)
        r = self.infer("not-a-location", "--database", "empty_db")
        self.assertEqual(r.returncode, 1)
        r = subprocess.run([millrace_bin(), "catalog", "infer", "s3://a/b/"], capture_output=True,
                           text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--database", r.stderr)
        self.assertEqual(self.glue.get_tables(DatabaseName="empty_db")["TableList"], [])


if __name__ == "__main__":
    unittest.main()
