"""Every operation of the Kinesis service model (Debian's botocore copy) except SubscribeToShard
is served, and each answer matches the model's output shape: JSON types, required members,
enumerations, string lengths and numeric ranges, and no member the model does not define
(except the few newer ones listed in NEWER_MEMBERS)."""

import base64
import http.client
import json
import unittest

from harness import MillraceServer

MODEL = "/usr/lib/python3/dist-packages/botocore/data/kinesis/2013-12-02/service-2.json"
STREAM = "shapes"
ARN = f"arn:aws:kinesis:us-east-1:000000000000:stream/{STREAM}"
# Members newer than the Debian model that millrace reports (shape -> member names).
NEWER_MEMBERS = {"StreamDescriptionSummary": {"MaxRecordSizeInKiB"},
                 "ListStreamsOutput": {"StreamSummaries", "NextToken"},
                 "EnhancedMonitoringOutput": {"StreamARN"},
                 "UpdateShardCountOutput": {"StreamARN"}}
# The model gives PutRecords' FailedRecordCount the shape PositiveIntegerObject (min 1), yet AWS
# answers 0 when every record succeeded: ranges are not checked at these paths.
RANGE_EXEMPT = {"$.FailedRecordCount"}


def shape_errors(model, shape_name, value, path="$"):
    """Where `value` (decoded JSON 1.1) breaks the model shape; empty when it conforms."""
    shape = model["shapes"][shape_name]
    kind = shape["type"]
    errors = []
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: {shape_name} must be an object, got {value!r}"]
        members = shape.get("members", {})
        allowed = set(members) | NEWER_MEMBERS.get(shape_name, set())
        for key in value:
            if key not in allowed:
                errors.append(f"{path}.{key}: not a member of {shape_name}")
        for key in shape.get("required", []):
            if key not in value:
                errors.append(f"{path}.{key}: required by {shape_name}, missing")
        for key, member in members.items():
            if key in value:
                errors += shape_errors(model, member["shape"], value[key], f"{path}.{key}")
    elif kind == "list":
        if not isinstance(value, list):
            return [f"{path}: {shape_name} must be a list"]
        for i, item in enumerate(value):
            errors += shape_errors(model, shape["member"]["shape"], item, f"{path}[{i}]")
    elif kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: {shape_name} must be an object (map)"]
        for k, v in value.items():
            errors += shape_errors(model, shape["key"]["shape"], k, f"{path}<key>")
            errors += shape_errors(model, shape["value"]["shape"], v, f"{path}.{k}")
    elif kind == "string":
        if not isinstance(value, str):
            return [f"{path}: {shape_name} must be a string, got {value!r}"]
        if "enum" in shape and value not in shape["enum"]:
            errors.append(f"{path}: {value!r} not in {shape_name} {shape['enum']}")
        if len(value) < shape.get("min", 0) or len(value) > shape.get("max", 1 << 62):
            errors.append(f"{path}: length {len(value)} outside {shape_name}'s bounds")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{path}: {shape_name} must be an integer, got {value!r}"]
        if path not in RANGE_EXEMPT and (value < shape.get("min", -(1 << 63)) or
                                         value > shape.get("max", 1 << 63)):
            errors.append(f"{path}: {value} outside {shape_name}'s range")
    elif kind == "boolean":
        if not isinstance(value, bool):
            errors.append(f"{path}: {shape_name} must be a boolean")
    elif kind == "timestamp":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"{path}: {shape_name} must be epoch seconds, got {value!r}")
    elif kind == "blob":
        try:
            base64.b64decode(value, validate=True)
        except (TypeError, ValueError):
            errors.append(f"{path}: {shape_name} must be base64 text")
    else:
        errors.append(f"{path}: unhandled shape type {kind}")
    return errors


class ModelShapesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(MODEL) as f:
            cls.model = json.load(f)
        cls.server = MillraceServer().start()
        cls.conn = http.client.HTTPConnection(cls.server.edge_host, cls.server.edge_port,
                                              timeout=60)
        cls.called = set()

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        code = cls.server.stop()
        assert code == 0, f"exit status {code}; log:\n{cls.server.log()}"

    def call(self, operation, params):
        """Calls `operation` and checks the answer against the model; returns it."""
        self.conn.request("POST", "/", body=json.dumps(params).encode(), headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"Kinesis_20131202.{operation}"})
        r = self.conn.getresponse()
        raw = r.read()
        self.assertEqual(r.status, 200, f"{operation}: {raw[:500]!r}")
        doc = json.loads(raw) if raw else {}
        op = self.model["operations"][operation]
        if "output" in op:
            errors = shape_errors(self.model, op["output"]["shape"], doc)
            self.assertEqual(errors, [], f"{operation} answered {json.dumps(doc)[:2000]}")
        else:
            self.assertEqual(doc, {}, operation)
        # The request itself conforms to the model's input shape (so the test asks fairly).
        self.assertEqual(shape_errors(self.model, op["input"]["shape"], params), [], operation)
        self.called.add(operation)
        return doc

    def test_every_operation(self):
        c = self.call
        c("CreateStream", {"StreamName": STREAM, "ShardCount": 2})
        c("DescribeStream", {"StreamName": STREAM})
        c("DescribeStreamSummary", {"StreamName": STREAM})
        c("ListStreams", {"Limit": 10})
        c("DescribeLimits", {})
        c("PutRecord", {"StreamName": STREAM, "Data": "aGk=", "PartitionKey": "a"})
        c("PutRecord", {"StreamName": STREAM, "Data": "aGk=", "PartitionKey": "b",
                        "ExplicitHashKey": "1"})
        c("PutRecords", {"StreamName": STREAM, "Records": [
            {"Data": base64.b64encode(bytes([i])).decode(), "PartitionKey": f"k{i}"}
            for i in range(20)]})
        shards = c("ListShards", {"StreamName": STREAM})["Shards"]
        it = c("GetShardIterator", {"StreamName": STREAM, "ShardId": shards[0]["ShardId"],
                                    "ShardIteratorType": "TRIM_HORIZON"})["ShardIterator"]
        got = c("GetRecords", {"ShardIterator": it, "Limit": 100})
        self.assertGreater(len(got["Records"]), 0)
        c("AddTagsToStream", {"StreamName": STREAM, "Tags": {"team": "ml", "tier": "1"}})
        tags = c("ListTagsForStream", {"StreamName": STREAM})
        self.assertEqual(len(tags["Tags"]), 2)
        c("RemoveTagsFromStream", {"StreamName": STREAM, "TagKeys": ["tier"]})
        c("IncreaseStreamRetentionPeriod", {"StreamName": STREAM, "RetentionPeriodHours": 48})
        c("DecreaseStreamRetentionPeriod", {"StreamName": STREAM, "RetentionPeriodHours": 24})
        c("EnableEnhancedMonitoring", {"StreamName": STREAM,
                                       "ShardLevelMetrics": ["IncomingBytes", "OutgoingRecords"]})
        c("DisableEnhancedMonitoring", {"StreamName": STREAM, "ShardLevelMetrics": ["ALL"]})
        c("StartStreamEncryption", {"StreamName": STREAM, "EncryptionType": "KMS",
                                    "KeyId": "alias/aws/kinesis"})
        c("DescribeStreamSummary", {"StreamName": STREAM})
        c("StopStreamEncryption", {"StreamName": STREAM, "EncryptionType": "KMS",
                                   "KeyId": "alias/aws/kinesis"})
        consumer = c("RegisterStreamConsumer", {"StreamARN": ARN, "ConsumerName": "reader"})
        c("DescribeStreamConsumer", {"ConsumerARN": consumer["Consumer"]["ConsumerARN"]})
        c("ListStreamConsumers", {"StreamARN": ARN})
        c("DeregisterStreamConsumer", {"StreamARN": ARN, "ConsumerName": "reader"})
        first = shards[0]
        low = int(first["HashKeyRange"]["StartingHashKey"])
        high = int(first["HashKeyRange"]["EndingHashKey"])
        c("SplitShard", {"StreamName": STREAM, "ShardToSplit": first["ShardId"],
                         "NewStartingHashKey": str((low + high) // 2)})
        c("DescribeStream", {"StreamName": STREAM})
        children = [s for s in c("ListShards", {"StreamName": STREAM})["Shards"]
                    if s.get("ParentShardId") == first["ShardId"]]
        self.assertEqual(len(children), 2)
        c("MergeShards", {"StreamName": STREAM, "ShardToMerge": children[0]["ShardId"],
                          "AdjacentShardToMerge": children[1]["ShardId"]})
        c("ListShards", {"StreamName": STREAM, "ShardFilter": {"Type": "AT_LATEST"}})
        c("UpdateShardCount", {"StreamName": STREAM, "TargetShardCount": 4,
                               "ScalingType": "UNIFORM_SCALING"})
        c("UpdateStreamMode", {"StreamARN": ARN,
                               "StreamModeDetails": {"StreamMode": "ON_DEMAND"}})
        c("DescribeStreamSummary", {"StreamName": STREAM})
        c("ListStreams", {})
        c("DeleteStream", {"StreamName": STREAM, "EnforceConsumerDeletion": True})

        # Everything in the model but the HTTP/2 event stream was exercised.
        expected = set(self.model["operations"]) - {"SubscribeToShard"}
        self.assertEqual(expected - self.called, set())

    def test_checker_catches_bad_answers(self):
        # The checker itself: each of these breaks DescribeStreamSummaryOutput.
        good = {"StreamDescriptionSummary": {
            "StreamName": "s", "StreamARN": ARN, "StreamStatus": "ACTIVE",
            "RetentionPeriodHours": 24, "StreamCreationTimestamp": 1.5,
            "EnhancedMonitoring": [{"ShardLevelMetrics": []}], "OpenShardCount": 1}}
        self.assertEqual(shape_errors(self.model, "DescribeStreamSummaryOutput", good), [])
        for change in ({"StreamStatus": "BUSY"}, {"OpenShardCount": "1"},
                       {"StreamCreationTimestamp": "yesterday"}, {"Surprise": 1},
                       {"RetentionPeriodHours": True}):
            bad = json.loads(json.dumps(good))
            bad["StreamDescriptionSummary"].update(change)
            self.assertNotEqual(shape_errors(self.model, "DescribeStreamSummaryOutput", bad), [],
                                change)
        missing = json.loads(json.dumps(good))
        del missing["StreamDescriptionSummary"]["OpenShardCount"]
        self.assertNotEqual(shape_errors(self.model, "DescribeStreamSummaryOutput", missing), [])


if __name__ == "__main__":
    unittest.main()
