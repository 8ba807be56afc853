"""Kinesis operations newer than the Debian botocore model, sent as raw JSON 1.1: resource
policies, the ResourceARN tag family, UpdateMaxRecordSize, DescribeAccountSettings."""

import base64
import http.client
import json
import unittest

from harness import MillraceServer

ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/res"


class ResourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        status, _ = cls.call(cls, "CreateStream", {"StreamName": "res", "ShardCount": 1})
        assert status == 200

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, f"exit status {code}; log:\n{cls.server.log()}"

    def call(self, operation, doc):
        conn = http.client.HTTPConnection(self.server.edge_host, self.server.edge_port, timeout=30)
        conn.request("POST", "/", body=json.dumps(doc).encode(), headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"Kinesis_20131202.{operation}"})
        r = conn.getresponse()
        body = json.loads(r.read() or b"{}")
        conn.close()
        return r.status, body

    def test_resource_policy_round_trip(self):
        policy = json.dumps({"Version": "2012-10-17", "Statement": []})
        self.assertEqual(self.call("PutResourcePolicy", {"ResourceARN": ARN, "Policy": policy})[0],
                         200)
        status, body = self.call("GetResourcePolicy", {"ResourceARN": ARN})
        self.assertEqual((status, body["Policy"]), (200, policy))
        self.assertEqual(self.call("DeleteResourcePolicy", {"ResourceARN": ARN})[0], 200)
        status, body = self.call("DeleteResourcePolicy", {"ResourceARN": ARN})
        self.assertEqual((status, body["__type"]), (400, "ResourceNotFoundException"))
        status, body = self.call("GetResourcePolicy", {"ResourceARN": ARN + "x"})
        self.assertEqual((status, body["__type"]), (400, "ResourceNotFoundException"))

    def test_tags_by_arn(self):
        self.assertEqual(self.call("TagResource", {"ResourceARN": ARN, "Tags": {"a": "1", "b": "2"}})
                         [0], 200)
        self.assertEqual(self.call("UntagResource", {"ResourceARN": ARN, "TagKeys": ["a"]})[0], 200)
        status, body = self.call("ListTagsForResource", {"ResourceARN": ARN})
        self.assertEqual(body["Tags"], [{"Key": "b", "Value": "2"}])
        status, body = self.call("ListTagsForStream", {"StreamName": "res"})
        self.assertEqual(body["Tags"], [{"Key": "b", "Value": "2"}])

    def test_max_record_size(self):
        big = base64.b64encode(b"x" * (1024 * 1024 + 10)).decode()
        status, body = self.call("PutRecord", {"StreamName": "res", "Data": big,
                                               "PartitionKey": "k"})
        self.assertEqual((status, body["__type"]), (400, "ValidationException"))
        status, body = self.call("UpdateMaxRecordSize", {"StreamARN": ARN,
                                                         "MaxRecordSizeInKiB": 100})
        self.assertEqual((status, body["__type"]), (400, "ValidationException"))
        self.assertEqual(self.call("UpdateMaxRecordSize", {"StreamARN": ARN,
                                                           "MaxRecordSizeInKiB": 2048})[0], 200)
        status, body = self.call("PutRecord", {"StreamName": "res", "Data": big,
                                               "PartitionKey": "k"})
        self.assertEqual(status, 200, body)
        status, body = self.call("DescribeStreamSummary", {"StreamName": "res"})
        self.assertEqual(body["StreamDescriptionSummary"]["MaxRecordSizeInKiB"], 2048)

    def test_list_streams_pages(self):
        for name in ("page-a", "page-b", "page-c"):
            self.assertEqual(self.call("CreateStream", {"StreamName": name, "ShardCount": 1})[0],
                             200)
        status, first = self.call("ListStreams", {"Limit": 2})
        self.assertEqual(first["StreamNames"], ["page-a", "page-b"])
        self.assertTrue(first["HasMoreStreams"])
        status, rest = self.call("ListStreams", {"NextToken": first["NextToken"]})
        self.assertEqual(rest["StreamNames"], ["page-c", "res"])
        self.assertFalse(rest["HasMoreStreams"])
        status, after = self.call("ListStreams", {"ExclusiveStartStreamName": "page-b", "Limit": 1})
        self.assertEqual(after["StreamNames"], ["page-c"])
        self.assertEqual(after["StreamSummaries"][0]["StreamARN"],
                         "arn:aws:kinesis:us-east-1:000000000000:stream/page-c")
        for name in ("page-a", "page-b", "page-c"):
            self.assertEqual(self.call("DeleteStream", {"StreamName": name})[0], 200)

    def test_account_settings(self):
        status, body = self.call("DescribeAccountSettings", {})
        self.assertEqual(status, 200)
        self.assertIn("MinimumThroughputBillingCommitment", body)


if __name__ == "__main__":
    unittest.main()
