"""The Glue Schema Registry driven with boto3, the aws cli and the AWS SDK for JavaScript v3
(glue_registry_js.mjs): registries, schemas, versions, compatibility (Avro and JSON Schema),
validity checks, errors, and persistence across a restart."""

import json
import os
import subprocess
import tempfile
import unittest

import boto3
from botocore.config import Config

from harness import MillraceServer

HERE = os.path.dirname(os.path.abspath(__file__))


def glue(server):
    return boto3.client(
        "glue",
        endpoint_url=server.edge_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, read_timeout=30, connect_timeout=10),
    )


def avro_person(*extra_fields):
    fields = [{"name": "name", "type": "string"}] + list(extra_fields)
    return json.dumps({"type": "record", "name": "Person", "namespace": "shop", "fields": fields})


PERSON = avro_person()
PERSON_AGE_DEFAULT = avro_person({"name": "age", "type": "int", "default": 0})
PERSON_ZIP = avro_person({"name": "age", "type": "int", "default": 0},
                         {"name": "zip", "type": "string"})

ORDER = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                    "properties": {"id": {"type": "string"}}, "required": ["id"]})
ORDER_NOTE = json.dumps({"type": "object", "required": ["id"],
                         "properties": {"id": {"type": "string"}, "note": {}}})
ORDER_REQUIRED_QTY = json.dumps({"type": "object", "required": ["id", "qty"],
                                 "properties": {"id": {"type": "string"},
                                                "qty": {"type": "integer"}}})


class GlueSchemaRegistryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="millrace-registry-")
        self.data_dir = os.path.join(self.tmp.name, "data")
        self.server = MillraceServer(data_dir=self.data_dir).start()
        self.client = glue(self.server)

    def tearDown(self):
        self.client.close()
        if self.server is not None:
            self.assertEqual(self.server.stop(), 0, self.server.log())
        self.tmp.cleanup()

    def restart(self):
        self.client.close()
        self.assertEqual(self.server.stop(), 0, self.server.log())
        self.server = MillraceServer(data_dir=self.data_dir).start()
        self.client = glue(self.server)

    def cli(self, *args, expect_error=None):
        """Runs `/usr/bin/aws glue ...`; returns parsed JSON, or the stderr text on an error."""
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        r = subprocess.run(["/usr/bin/aws", "--endpoint-url", self.server.edge_url, "glue", *args],
                           capture_output=True, text=True, env=env, timeout=60)
        if expect_error:
            self.assertNotEqual(r.returncode, 0, r.stdout)
            self.assertIn(expect_error, r.stderr)
            return r.stderr
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def test_avro_schema_lifecycle_with_boto3(self):
        c = self.client
        reg = c.create_registry(RegistryName="shop", Description="shop events")
        self.assertEqual(reg["RegistryArn"], "arn:aws:glue:us-east-1:000000000000:registry/shop")
        created = c.create_schema(RegistryId={"RegistryName": "shop"}, SchemaName="person",
                                  DataFormat="AVRO", Compatibility="BACKWARD",
                                  SchemaDefinition=PERSON)
        self.assertEqual(created["SchemaArn"],
                         "arn:aws:glue:us-east-1:000000000000:schema/shop/person")
        self.assertEqual((created["SchemaCheckpoint"], created["LatestSchemaVersion"],
                          created["NextSchemaVersion"]), (1, 1, 2))
        self.assertEqual(created["SchemaVersionStatus"], "AVAILABLE")
        sid = {"RegistryName": "shop", "SchemaName": "person"}

        # A field with a default is backward compatible: AVAILABLE version 2.
        v2 = c.register_schema_version(SchemaId=sid, SchemaDefinition=PERSON_AGE_DEFAULT)
        self.assertEqual((v2["VersionNumber"], v2["Status"]), (2, "AVAILABLE"))
        diff = c.get_schema_versions_diff(
            SchemaId=sid, FirstSchemaVersionNumber={"VersionNumber": 1},
            SecondSchemaVersionNumber={"LatestVersion": True}, SchemaDiffType="SYNTAX_DIFF")
        self.assertEqual(json.loads(diff["Diff"]), [
            {"op": "replace", "path": "/fields",
             "value": json.loads(PERSON_AGE_DEFAULT)["fields"]}])
        # The same definition again (reformatted) gives the same version back.
        again = c.register_schema_version(
            SchemaId=sid, SchemaDefinition=json.dumps(json.loads(PERSON_AGE_DEFAULT), indent=2))
        self.assertEqual(again["SchemaVersionId"], v2["SchemaVersionId"])
        # A field without a default is not: the version is stored with Status FAILURE.
        bad = c.register_schema_version(SchemaId=sid, SchemaDefinition=PERSON_ZIP)
        self.assertEqual((bad["VersionNumber"], bad["Status"]), (3, "FAILURE"))
        schema = c.get_schema(SchemaId=sid)
        self.assertEqual((schema["LatestSchemaVersion"], schema["NextSchemaVersion"]), (2, 4))

        by_number = c.get_schema_version(SchemaId=sid, SchemaVersionNumber={"VersionNumber": 2})
        self.assertEqual(by_number["SchemaDefinition"], PERSON_AGE_DEFAULT)
        self.assertEqual(by_number["DataFormat"], "AVRO")
        latest = c.get_schema_version(SchemaId=sid, SchemaVersionNumber={"LatestVersion": True})
        self.assertEqual(latest["SchemaVersionId"], v2["SchemaVersionId"])
        by_id = c.get_schema_version(SchemaVersionId=bad["SchemaVersionId"])
        self.assertEqual((by_id["VersionNumber"], by_id["Status"]), (3, "FAILURE"))
        self.assertEqual(by_id["SchemaArn"], created["SchemaArn"])

        found = c.get_schema_by_definition(SchemaId={"SchemaArn": created["SchemaArn"]},
                                           SchemaDefinition=PERSON)
        self.assertEqual(found["SchemaVersionId"], created["SchemaVersionId"])
        with self.assertRaises(c.exceptions.EntityNotFoundException):
            c.get_schema_by_definition(SchemaId=sid, SchemaDefinition=avro_person(
                {"name": "other", "type": "long", "default": 1}))

        versions = c.list_schema_versions(SchemaId=sid)["Schemas"]
        self.assertEqual([(v["VersionNumber"], v["Status"]) for v in versions],
                         [(1, "AVAILABLE"), (2, "AVAILABLE"), (3, "FAILURE")])
        page = c.list_schema_versions(SchemaId=sid, MaxResults=2)
        self.assertEqual(len(page["Schemas"]), 2)
        rest = c.list_schema_versions(SchemaId=sid, NextToken=page["NextToken"])
        self.assertEqual([v["VersionNumber"] for v in rest["Schemas"]], [3])

        # Compatibility NONE (with a checkpoint) lets anything in.
        c.update_schema(SchemaId=sid, SchemaVersionNumber={"LatestVersion": True},
                        Compatibility="NONE")
        anything = c.register_schema_version(
            SchemaId=sid, SchemaDefinition='{"type":"enum","name":"E","symbols":["A"]}')
        self.assertEqual((anything["VersionNumber"], anything["Status"]), (4, "AVAILABLE"))
        schema = c.get_schema(SchemaId=sid)
        self.assertEqual((schema["Compatibility"], schema["SchemaCheckpoint"]), ("NONE", 2))

        # Versions other than the checkpoint can be deleted.
        with self.assertRaises(c.exceptions.InvalidInputException):
            c.delete_schema_versions(SchemaId=sid, Versions="1-2")
        c.delete_schema_versions(SchemaId=sid, Versions="3")
        self.assertEqual([v["VersionNumber"] for v in c.list_schema_versions(SchemaId=sid)["Schemas"]],
                         [1, 2, 4])

    def test_default_registry_and_json_schema(self):
        c = self.client
        created = c.create_schema(SchemaName="orders", DataFormat="JSON",
                                  Compatibility="BACKWARD", SchemaDefinition=ORDER)
        self.assertEqual(created["RegistryName"], "default-registry")
        names = [r["RegistryName"] for r in c.list_registries()["Registries"]]
        self.assertIn("default-registry", names)
        sid = {"SchemaName": "orders", "RegistryName": "default-registry"}
        ok = c.register_schema_version(SchemaId=sid, SchemaDefinition=ORDER_NOTE)
        self.assertEqual(ok["Status"], "AVAILABLE")
        bad = c.register_schema_version(SchemaId=sid, SchemaDefinition=ORDER_REQUIRED_QTY)
        self.assertEqual(bad["Status"], "FAILURE")
        c.update_schema(SchemaId=sid, SchemaVersionNumber={"VersionNumber": 2},
                        Compatibility="FORWARD")
        # Under FORWARD the previous version reads the new one's data: requiring more is fine.
        fwd = c.register_schema_version(SchemaId=sid, SchemaDefinition=ORDER_REQUIRED_QTY)
        self.assertEqual((fwd["VersionNumber"], fwd["Status"]), (4, "AVAILABLE"))
        listed = c.list_schemas(RegistryId={"RegistryName": "default-registry"})["Schemas"]
        self.assertEqual([s["SchemaName"] for s in listed], ["orders"])
        valid = c.check_schema_version_validity(DataFormat="JSON", SchemaDefinition=ORDER)
        self.assertTrue(valid["Valid"])

    def test_cli_flow_and_validity(self):
        self.cli("create-registry", "--registry-name", "cli-reg")
        self.cli("create-schema", "--registry-id", "RegistryName=cli-reg", "--schema-name", "p",
                 "--data-format", "AVRO", "--compatibility", "FULL",
                 "--schema-definition", PERSON)
        v = self.cli("register-schema-version", "--schema-id", "SchemaName=p,RegistryName=cli-reg",
                     "--schema-definition", PERSON_AGE_DEFAULT)
        self.assertEqual((v["VersionNumber"], v["Status"]), (2, "AVAILABLE"))
        got = self.cli("get-schema-version", "--schema-id", "SchemaName=p,RegistryName=cli-reg",
                       "--schema-version-number", "VersionNumber=2")
        self.assertEqual(json.loads(got["SchemaDefinition"]), json.loads(PERSON_AGE_DEFAULT))
        listed = self.cli("list-schema-versions", "--schema-id", "SchemaName=p,RegistryName=cli-reg")
        self.assertEqual(len(listed["Schemas"]), 2)
        broken = self.cli("check-schema-version-validity", "--data-format", "AVRO",
                          "--schema-definition", '{"type":"record","name":"R"}')
        self.assertFalse(broken["Valid"])
        self.assertIn("fields", broken["Error"])
        broken_json = self.cli("check-schema-version-validity", "--data-format", "JSON",
                               "--schema-definition", '{"type": "object", "required": "id"}')
        self.assertFalse(broken_json["Valid"])
        self.assertIn("#/required", broken_json["Error"])
        self.cli("get-registry", "--registry-id", "RegistryName=missing",
                 expect_error="EntityNotFoundException")
        self.cli("create-registry", "--registry-name", "cli-reg",
                 expect_error="AlreadyExistsException")

    def test_javascript_sdk(self):
        r = subprocess.run(["node", "glue_registry_js.mjs", self.server.edge_url], cwd=HERE,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr + self.server.log()[-3000:])
        self.assertIn("ok", r.stdout)

    def test_bad_input_errors(self):
        c = self.client
        c.create_registry(RegistryName="r")
        with self.assertRaises(c.exceptions.InvalidInputException):
            c.create_schema(RegistryId={"RegistryName": "r"}, SchemaName="s", DataFormat="AVRO",
                            SchemaDefinition='{"type":"record","name":"R"}')
        with self.assertRaises(c.exceptions.EntityNotFoundException):
            c.create_schema(RegistryId={"RegistryName": "nope"}, SchemaName="s",
                            DataFormat="AVRO", SchemaDefinition=PERSON)
        c.create_schema(RegistryId={"RegistryName": "r"}, SchemaName="s", DataFormat="AVRO",
                        Compatibility="DISABLED", SchemaDefinition=PERSON)
        sid = {"RegistryName": "r", "SchemaName": "s"}
        with self.assertRaises(c.exceptions.AlreadyExistsException):
            c.create_schema(RegistryId={"RegistryName": "r"}, SchemaName="s", DataFormat="AVRO",
                            SchemaDefinition=PERSON)
        with self.assertRaises(c.exceptions.InvalidInputException):  # DISABLED
            c.register_schema_version(SchemaId=sid, SchemaDefinition=PERSON_AGE_DEFAULT)
        with self.assertRaises(c.exceptions.InvalidInputException):  # malformed definition
            c.register_schema_version(SchemaId=sid, SchemaDefinition='{"type":')
        with self.assertRaises(c.exceptions.InvalidInputException):  # needs a checkpoint
            c.update_schema(SchemaId=sid, Compatibility="BACKWARD")
        with self.assertRaises(c.exceptions.EntityNotFoundException):
            c.get_schema(SchemaId={"RegistryName": "r", "SchemaName": "missing"})
        with self.assertRaises(c.exceptions.EntityNotFoundException):
            c.get_schema_version(SchemaVersionId="00000000-0000-4000-8000-000000000000")
        with self.assertRaises(c.exceptions.InvalidInputException):
            c.get_schema(SchemaId={"SchemaArn": "arn:aws:s3:::bucket"})
        with self.assertRaises(c.exceptions.InvalidInputException):
            c.get_schema_version(SchemaId=sid)
        c.delete_schema(SchemaId=sid)
        with self.assertRaises(c.exceptions.EntityNotFoundException):
            c.get_schema(SchemaId=sid)
        self.assertEqual(c.delete_registry(RegistryId={"RegistryName": "r"})["Status"], "DELETING")

    def test_everything_persists_across_restart(self):
        c = self.client
        c.create_registry(RegistryName="keep", Description="kept", Tags={"team": "ml"})
        created = c.create_schema(RegistryId={"RegistryName": "keep"}, SchemaName="p",
                                  DataFormat="AVRO", SchemaDefinition=PERSON)
        sid = {"RegistryName": "keep", "SchemaName": "p"}
        v2 = c.register_schema_version(SchemaId=sid, SchemaDefinition=PERSON_AGE_DEFAULT)
        bad = c.register_schema_version(SchemaId=sid, SchemaDefinition=PERSON_ZIP)
        self.restart()
        c = self.client
        self.assertEqual(c.get_registry(RegistryId={"RegistryName": "keep"})["Description"], "kept")
        schema = c.get_schema(SchemaId=sid)
        self.assertEqual((schema["Compatibility"], schema["LatestSchemaVersion"],
                          schema["NextSchemaVersion"]), ("BACKWARD", 2, 4))
        self.assertEqual(c.get_schema_version(SchemaVersionId=v2["SchemaVersionId"])
                         ["SchemaDefinition"], PERSON_AGE_DEFAULT)
        self.assertEqual(c.get_schema_version(SchemaVersionId=bad["SchemaVersionId"])["Status"],
                         "FAILURE")
        self.assertEqual(c.get_schema_by_definition(SchemaId=sid, SchemaDefinition=PERSON)
                         ["SchemaVersionId"], created["SchemaVersionId"])
        # Numbering continues where it stopped.
        v4 = c.register_schema_version(SchemaId=sid, SchemaDefinition=avro_person(
            {"name": "age", "type": "int", "default": 0}, {"name": "tier", "type": "int",
                                                          "default": 1}))
        self.assertEqual((v4["VersionNumber"], v4["Status"]), (4, "AVAILABLE"))


if __name__ == "__main__":
    unittest.main()
