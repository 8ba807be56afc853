"""End-to-end tests of the Glue Data Catalog API: the aws cli, boto3 (with paginators) and the
AWS SDK for JavaScript v3 against a running server; errors leave the catalog unchanged; a
restart keeps everything."""

import json
import os
import signal
import subprocess
import tempfile
import unittest

from glue_support import HERE, GlueTestCase, glue_client
from harness import MillraceServer

PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"


def table_input(name, columns=(("id", "bigint"), ("name", "string")), keys=(("year", "int"),)):
    return {
        "Name": name,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "parquet"},
        "StorageDescriptor": {
            "Columns": [{"Name": n, "Type": t} for n, t in columns],
            "Location": f"s3://lake/{name}/",
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {"SerializationLibrary": PARQUET_SERDE,
                          "Parameters": {"serialization.format": "1"}},
        },
        "PartitionKeys": [{"Name": n, "Type": t} for n, t in keys],
    }


class GlueCatalogTest(GlueTestCase):
    def test_aws_cli_round_trip(self):
        self.aws("glue", "create-database", "--database-input",
                 json.dumps({"Name": "CliDb", "Description": "from the cli"}))
        db = self.aws("glue", "get-database", "--name", "clidb")["Database"]
        self.assertEqual(db["Name"], "clidb")
        self.assertEqual(db["Description"], "from the cli")
        self.aws("glue", "create-table", "--database-name", "clidb", "--table-input",
                 json.dumps(table_input("Events", keys=(("year", "int"), ("region", "string")))))
        table = self.aws("glue", "get-table", "--database-name", "clidb", "--name", "events")["Table"]
        self.assertEqual(table["Name"], "events")
        self.assertEqual(table["DatabaseName"], "clidb")
        self.assertEqual(table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"],
                         PARQUET_SERDE)
        self.assertEqual([c["Type"] for c in table["PartitionKeys"]], ["int", "string"])
        self.assertIn("CreateTime", table)
        tables = self.aws("glue", "get-tables", "--database-name", "clidb")["TableList"]
        self.assertEqual([t["Name"] for t in tables], ["events"])
        parts = [{"Values": [str(y), r]} for y in (9, 10, 2024) for r in ("eu", "us")]
        out = self.aws("glue", "batch-create-partition", "--database-name", "clidb",
                       "--table-name", "events", "--partition-input-list",
                       json.dumps(parts + [{"Values": ["9", "eu"]}]))
        self.assertEqual(len(out["Errors"]), 1)
        self.assertEqual(out["Errors"][0]["PartitionValues"], ["9", "eu"])
        self.assertEqual(out["Errors"][0]["ErrorDetail"]["ErrorCode"], "AlreadyExistsException")
        # An int key compares numerically: 9 < 10 although "9" > "10" as text.
        got = self.aws("glue", "get-partitions", "--database-name", "clidb", "--table-name",
                       "events", "--expression", "year < 10 OR (year > 2000 AND region = 'us')")
        self.assertEqual(sorted(p["Values"] for p in got["Partitions"]),
                         [["2024", "us"], ["9", "eu"], ["9", "us"]])
        self.aws("glue", "delete-table", "--database-name", "clidb", "--name", "events")
        r = self.aws("glue", "get-table", "--database-name", "clidb", "--name", "events",
                     check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("EntityNotFoundException", r.stderr)
        self.aws("glue", "delete-database", "--name", "clidb")

    def test_boto3_paginators(self):
        glue = self.glue
        glue.create_database(DatabaseInput={"Name": "pages"})
        for i in range(12):
            glue.create_table(DatabaseName="pages", TableInput=table_input(f"t{i:02d}"))
        pages = list(glue.get_paginator("get_tables").paginate(
            DatabaseName="pages", PaginationConfig={"PageSize": 5}))
        self.assertEqual([len(p["TableList"]) for p in pages], [5, 5, 2])
        self.assertEqual([t["Name"] for p in pages for t in p["TableList"]],
                         [f"t{i:02d}" for i in range(12)])
        filtered = glue.get_tables(DatabaseName="pages", Expression="t1.*")["TableList"]
        self.assertEqual([t["Name"] for t in filtered], ["t10", "t11"])

        years = range(1990, 2240)
        for chunk in range(0, len(years), 100):
            r = glue.batch_create_partition(
                DatabaseName="pages", TableName="t00",
                PartitionInputList=[{"Values": [str(y)]} for y in years[chunk:chunk + 100]])
            self.assertEqual(r["Errors"], [])
        pages = list(glue.get_paginator("get_partitions").paginate(
            DatabaseName="pages", TableName="t00", Expression="year BETWEEN 2000 AND 2099",
            PaginationConfig={"PageSize": 30}))
        self.assertEqual(len(pages), 4)
        values = sorted(int(p["Values"][0]) for page in pages for p in page["Partitions"])
        self.assertEqual(values, list(range(2000, 2100)))
        got = glue.batch_get_partition(DatabaseName="pages", TableName="t00",
                                       PartitionsToGet=[{"Values": ["1990"]},
                                                        {"Values": ["1989"]}])
        self.assertEqual([p["Values"] for p in got["Partitions"]], [["1990"]])
        deleted = glue.batch_delete_partition(DatabaseName="pages", TableName="t00",
                                              PartitionsToDelete=[{"Values": ["1990"]},
                                                                  {"Values": ["1989"]}])
        self.assertEqual([e["PartitionValues"] for e in deleted["Errors"]], [["1989"]])
        self.assertEqual(deleted["Errors"][0]["ErrorDetail"]["ErrorCode"],
                         "EntityNotFoundException")
        glue.delete_partition(DatabaseName="pages", TableName="t00", PartitionValues=["1991"])
        self.assertEqual(self.error_code(glue.get_partition, DatabaseName="pages",
                                         TableName="t00", PartitionValues=["1991"]),
                         "EntityNotFoundException")
        glue.update_partition(DatabaseName="pages", TableName="t00", PartitionValueList=["1992"],
                              PartitionInput={"Values": ["1992"], "Parameters": {"n": "1"}})
        self.assertEqual(glue.get_partition(DatabaseName="pages", TableName="t00",
                                            PartitionValues=["1992"])["Partition"]["Parameters"],
                         {"n": "1"})

        names = [d["Name"] for p in glue.get_paginator("get_databases").paginate(
            PaginationConfig={"PageSize": 1}) for d in p["DatabaseList"]]
        self.assertIn("pages", names)

        # UpdateTable archives the previous version.
        changed = table_input("t00", columns=(("id", "bigint"), ("name", "string"),
                                              ("score", "decimal(10,2)")))
        glue.update_table(DatabaseName="pages", TableInput=changed)
        versions = glue.get_table_versions(DatabaseName="pages", TableName="t00")["TableVersions"]
        self.assertEqual([v["VersionId"] for v in versions], ["2", "1"])
        self.assertEqual(len(versions[0]["Table"]["StorageDescriptor"]["Columns"]), 3)
        deleted = glue.batch_delete_table(DatabaseName="pages", TablesToDelete=["t01", "zz"])
        self.assertEqual([e["TableName"] for e in deleted["Errors"]], ["zz"])
        glue.delete_database(Name="pages")
        self.assertEqual(self.error_code(glue.get_table, DatabaseName="pages", Name="t00"),
                         "EntityNotFoundException")

    def test_bad_input_gives_glue_errors_and_changes_nothing(self):
        glue = self.glue
        glue.create_database(DatabaseInput={"Name": "strict"})
        glue.create_table(DatabaseName="strict", TableInput=table_input("good"))
        before = glue.get_table(DatabaseName="strict", Name="good")["Table"]

        bad_type = table_input("bad", columns=(("id", "bigint"), ("x", "integr")))
        self.assertEqual(self.error_code(glue.create_table, DatabaseName="strict",
                                         TableInput=bad_type), "InvalidInputException")
        self.assertEqual(self.error_code(glue.get_table, DatabaseName="strict", Name="bad"),
                         "EntityNotFoundException")
        self.assertEqual(self.error_code(glue.create_table, DatabaseName="strict",
                                         TableInput=table_input("GOOD")), "AlreadyExistsException")
        self.assertEqual(self.error_code(glue.create_database, DatabaseInput={"Name": "Strict"}),
                         "AlreadyExistsException")
        self.assertEqual(self.error_code(glue.create_table, DatabaseName="missing",
                                         TableInput=table_input("t")), "EntityNotFoundException")
        self.assertEqual(self.error_code(glue.update_table, DatabaseName="strict",
                                         TableInput=table_input("good", keys=(("k", "map<int>"),))),
                         "InvalidInputException")
        self.assertEqual(glue.get_table(DatabaseName="strict", Name="good")["Table"], before)

        self.assertEqual(self.error_code(glue.create_partition, DatabaseName="strict",
                                         TableName="good",
                                         PartitionInput={"Values": ["2024", "extra"]}),
                         "InvalidInputException")
        self.assertEqual(self.error_code(glue.get_partitions, DatabaseName="strict",
                                         TableName="good", Expression="year >"),
                         "InvalidInputException")
        self.assertEqual(self.error_code(glue.get_partitions, DatabaseName="strict",
                                         TableName="good", Expression="month = 1"),
                         "InvalidInputException")
        self.assertEqual(self.error_code(glue.get_partitions, DatabaseName="strict",
                                         TableName="good", Expression="year = 'abc'"),
                         "InvalidInputException")
        self.assertEqual(self.error_code(glue.get_partition, DatabaseName="strict",
                                         TableName="good", PartitionValues=["1"]),
                         "EntityNotFoundException")
        self.assertEqual(glue.get_partitions(DatabaseName="strict", TableName="good")["Partitions"],
                         [])
        # The error travels in Glue's shape: __type and a message, HTTP 400.
        with self.assertRaises(glue.exceptions.EntityNotFoundException) as e:
            glue.get_database(Name="nothing_here")
        self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertIn("nothing_here", e.exception.response["Error"]["Message"])

    def test_js_sdk_get_tables(self):
        glue = self.glue
        glue.create_database(DatabaseInput={"Name": "js"})
        glue.create_table(DatabaseName="js", TableInput=table_input("clicks"))
        glue.create_table(DatabaseName="js", TableInput=table_input("views"))
        glue.batch_create_partition(DatabaseName="js", TableName="clicks",
                                    PartitionInputList=[{"Values": ["2023"]},
                                                        {"Values": ["2024"]}])
        r = subprocess.run(["node", "glue_js_sdk.mjs", self.server.edge_url, "js", "2"], cwd=HERE,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout.strip().splitlines()[-1])
        self.assertEqual(out["tables"], ["clicks", "views"])
        self.assertEqual(out["columns"], ["id:bigint", "name:string"])
        self.assertEqual(out["partitions"], [["2024"]])


class GlueRestartTest(GlueTestCase):
    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def test_catalog_survives_restart_and_kill(self):
        with tempfile.TemporaryDirectory(prefix="millrace-glue-") as tmp:
            data = os.path.join(tmp, "data")
            with MillraceServer(data_dir=data) as server:
                glue = glue_client(server)
                glue.create_database(DatabaseInput={"Name": "kept", "Parameters": {"a": "b"}})
                glue.create_table(DatabaseName="kept", TableInput=table_input("t"))
                glue.batch_create_partition(DatabaseName="kept", TableName="t",
                                            PartitionInputList=[{"Values": ["1"]},
                                                                {"Values": ["2"]}])
                table = glue.get_table(DatabaseName="kept", Name="t")["Table"]
                glue.close()
            server = MillraceServer(data_dir=data).start()
            glue = glue_client(server)
            self.assertEqual(glue.get_database(Name="kept")["Database"]["Parameters"], {"a": "b"})
            self.assertEqual(glue.get_table(DatabaseName="kept", Name="t")["Table"], table)
            parts = glue.get_partitions(DatabaseName="kept", TableName="t")["Partitions"]
            self.assertEqual(sorted(p["Values"] for p in parts), [["1"], ["2"]])
            glue.create_partition(DatabaseName="kept", TableName="t",
                                  PartitionInput={"Values": ["3"]})
            glue.close()
            # An acknowledged write survives kill -9.
            self.assertEqual(server.stop(signal.SIGKILL), -signal.SIGKILL)
            with MillraceServer(data_dir=data) as server:
                glue = glue_client(server)
                parts = glue.get_partitions(DatabaseName="kept", TableName="t",
                                            Expression="year >= 2")["Partitions"]
                self.assertEqual(sorted(p["Values"] for p in parts), [["2"], ["3"]])
                glue.close()


if __name__ == "__main__":
    unittest.main()
