"""End-to-end tests of the lake's S3 API with real clients: the aws cli (`aws s3`, `aws s3api`),
boto3 (a 50 MiB multipart upload, paging, ranges, copies, error shapes) and DuckDB reading a
Parquet object, uploaded through the S3 API by the AWS SDK for JavaScript, from its on-disk path."""

import hashlib
import json
import os
import subprocess
import tempfile
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from harness import MillraceServer

AWS = "/usr/bin/aws"
HERE = os.path.dirname(os.path.abspath(__file__))


class LakeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()
        cls.env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                       AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        cls.s3 = boto3.client("s3", endpoint_url=cls.server.edge_url, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test",
                              config=Config(s3={"addressing_style": "path"},
                                            retries={"max_attempts": 1}))
        cls.tmp = tempfile.TemporaryDirectory(prefix="millrace-lake-")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        code = cls.server.stop()
        assert code == 0, f"server exit code {code}; log:\n{cls.server.log()}"

    def aws(self, *args, check=True):
        r = subprocess.run([AWS, "--endpoint-url", self.server.edge_url, *args],
                           capture_output=True, text=True, env=self.env, timeout=120)
        if check:
            self.assertEqual(r.returncode, 0, f"aws {' '.join(args)}: {r.stderr}")
        return r

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def lake_path(self, bucket, key):
        return os.path.join(self.server.data_dir, "lake", bucket, key)

    def test_aws_cli_s3_commands(self):
        self.aws("s3", "mb", "s3://cli-bucket")
        small = self.path("small.txt")
        with open(small, "w") as f:
            f.write("hello lake\n")
        big = self.path("big.bin")  # over the cli's 8 MiB threshold: a multipart upload
        data = os.urandom(9 << 20)
        with open(big, "wb") as f:
            f.write(data)
        self.aws("s3", "cp", small, "s3://cli-bucket/docs/small.txt", "--only-show-errors")
        self.aws("s3", "cp", big, "s3://cli-bucket/blobs/big.bin", "--only-show-errors")
        with open(self.lake_path("cli-bucket", "blobs/big.bin"), "rb") as f:
            self.assertEqual(f.read(), data)

        listing = self.aws("s3", "ls", "s3://cli-bucket/").stdout
        self.assertIn("PRE docs/", listing)
        self.assertIn("PRE blobs/", listing)
        recursive = self.aws("s3", "ls", "--recursive", "s3://cli-bucket/").stdout
        self.assertIn("docs/small.txt", recursive)
        self.assertIn(str(9 << 20), recursive)
        self.assertIn("cli-bucket", self.aws("s3", "ls").stdout)

        back = self.path("big.back")
        self.aws("s3", "cp", "s3://cli-bucket/blobs/big.bin", back, "--only-show-errors")
        with open(back, "rb") as f:
            self.assertEqual(hashlib.md5(f.read()).hexdigest(), hashlib.md5(data).hexdigest())

        self.aws("s3", "rm", "s3://cli-bucket/docs/small.txt", "--only-show-errors")
        self.assertFalse(os.path.exists(self.lake_path("cli-bucket", "docs")))
        self.aws("s3", "rm", "--recursive", "s3://cli-bucket/", "--only-show-errors")
        self.aws("s3", "rb", "s3://cli-bucket")
        self.assertNotIn("cli-bucket", self.aws("s3", "ls").stdout)

    def test_aws_cli_s3api_calls(self):
        self.aws("s3api", "create-bucket", "--bucket", "api-bucket")
        body = self.path("body.json")
        with open(body, "w") as f:
            f.write('{"a": 1}\n')
        put = json.loads(self.aws("s3api", "put-object", "--bucket", "api-bucket", "--key",
                                  "x/y.json", "--body", body, "--content-type",
                                  "application/json", "--metadata", "origin=e2e").stdout)
        self.assertEqual(put["ETag"], '"%s"' % hashlib.md5(b'{"a": 1}\n').hexdigest())
        head = json.loads(self.aws("s3api", "head-object", "--bucket", "api-bucket", "--key",
                                   "x/y.json").stdout)
        self.assertEqual(head["ContentLength"], 9)
        self.assertEqual(head["ContentType"], "application/json")
        self.assertEqual(head["Metadata"], {"origin": "e2e"})
        out = self.path("got.json")
        self.aws("s3api", "get-object", "--bucket", "api-bucket", "--key", "x/y.json", out)
        with open(out) as f:
            self.assertEqual(f.read(), '{"a": 1}\n')
        listed = json.loads(self.aws("s3api", "list-objects-v2", "--bucket", "api-bucket").stdout)
        self.assertEqual([o["Key"] for o in listed["Contents"]], ["x/y.json"])
        deleted = json.loads(self.aws("s3api", "delete-objects", "--bucket", "api-bucket",
                                      "--delete", '{"Objects":[{"Key":"x/y.json"}]}').stdout)
        self.assertEqual(deleted["Deleted"][0]["Key"], "x/y.json")

        missing = self.aws("s3api", "get-object", "--bucket", "api-bucket", "--key", "nope", out,
                           check=False)
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("NoSuchKey", missing.stderr)
        no_bucket = self.aws("s3api", "list-objects-v2", "--bucket", "no-such-bucket",
                             check=False)
        self.assertIn("NoSuchBucket", no_bucket.stderr)
        head_missing = self.aws("s3api", "head-object", "--bucket", "api-bucket", "--key", "nope",
                                check=False)
        self.assertIn("404", head_missing.stderr)

    def test_boto3_multipart_upload_of_50_mib(self):
        s3 = self.s3
        s3.create_bucket(Bucket="boto-mp")
        data = os.urandom(50 << 20)
        part_size = 8 << 20
        upload = s3.create_multipart_upload(Bucket="boto-mp", Key="data/blob.bin",
                                            ContentType="application/octet-stream")
        parts = []
        for i, off in enumerate(range(0, len(data), part_size), start=1):
            r = s3.upload_part(Bucket="boto-mp", Key="data/blob.bin", UploadId=upload["UploadId"],
                               PartNumber=i, Body=data[off:off + part_size])
            parts.append({"PartNumber": i, "ETag": r["ETag"]})
        listed = s3.list_parts(Bucket="boto-mp", Key="data/blob.bin", UploadId=upload["UploadId"])
        self.assertEqual([p["PartNumber"] for p in listed["Parts"]], list(range(1, 8)))
        done = s3.complete_multipart_upload(Bucket="boto-mp", Key="data/blob.bin",
                                            UploadId=upload["UploadId"],
                                            MultipartUpload={"Parts": parts})
        digests = b"".join(hashlib.md5(data[o:o + part_size]).digest()
                           for o in range(0, len(data), part_size))
        self.assertEqual(done["ETag"], '"%s-7"' % hashlib.md5(digests).hexdigest())
        got = s3.get_object(Bucket="boto-mp", Key="data/blob.bin")
        self.assertEqual(got["ContentLength"], len(data))
        self.assertEqual(got["Body"].read(), data)
        with open(self.lake_path("boto-mp", "data/blob.bin"), "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).digest(), hashlib.sha256(data).digest())
        # The managed transfer (what most programs call) does the same through threads.
        path = self.path("managed.bin")
        with open(path, "wb") as f:
            f.write(data[: 20 << 20])
        s3.upload_file(path, "boto-mp", "managed.bin")
        self.assertEqual(s3.head_object(Bucket="boto-mp", Key="managed.bin")["ContentLength"],
                         20 << 20)
        with self.assertRaises(ClientError) as e:
            s3.upload_part(Bucket="boto-mp", Key="data/blob.bin", UploadId=upload["UploadId"],
                           PartNumber=1, Body=b"late")
        self.assertEqual(e.exception.response["Error"]["Code"], "NoSuchUpload")

    def test_boto3_objects_listing_ranges_and_errors(self):
        s3 = self.s3
        s3.create_bucket(Bucket="boto-objects")
        keys = ["a/1", "a/2", "a/3", "b/1", "c", "d e+f"]
        for k in keys:
            s3.put_object(Bucket="boto-objects", Key=k, Body=k.encode())
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket="boto-objects",
                                                             PaginationConfig={"PageSize": 2})
        seen = [o["Key"] for page in pages for o in page.get("Contents", [])]
        self.assertEqual(seen, sorted(keys))
        grouped = s3.list_objects_v2(Bucket="boto-objects", Delimiter="/")
        self.assertEqual([p["Prefix"] for p in grouped["CommonPrefixes"]], ["a/", "b/"])
        self.assertEqual([o["Key"] for o in grouped["Contents"]], ["c", "d e+f"])
        after = s3.list_objects_v2(Bucket="boto-objects", StartAfter="a/2", Prefix="a/")
        self.assertEqual([o["Key"] for o in after["Contents"]], ["a/3"])
        v1 = s3.list_objects(Bucket="boto-objects", Prefix="b/")
        self.assertEqual([o["Key"] for o in v1["Contents"]], ["b/1"])

        s3.put_object(Bucket="boto-objects", Key="range", Body=b"0123456789")
        self.assertEqual(s3.get_object(Bucket="boto-objects", Key="range",
                                       Range="bytes=2-4")["Body"].read(), b"234")
        self.assertEqual(s3.get_object(Bucket="boto-objects", Key="range",
                                       Range="bytes=-3")["Body"].read(), b"789")
        s3.copy_object(Bucket="boto-objects", Key="copied/range",
                       CopySource={"Bucket": "boto-objects", "Key": "range"})
        self.assertEqual(s3.get_object(Bucket="boto-objects", Key="copied/range")["Body"].read(),
                         b"0123456789")

        for call, code in [
            (lambda: s3.get_object(Bucket="boto-objects", Key="missing"), "NoSuchKey"),
            (lambda: s3.get_object(Bucket="nobucket", Key="k"), "NoSuchBucket"),
            (lambda: s3.create_bucket(Bucket="boto-objects"), "BucketAlreadyOwnedByYou"),
            (lambda: s3.delete_bucket(Bucket="boto-objects"), "BucketNotEmpty"),
            (lambda: s3.get_object(Bucket="boto-objects", Key="range", Range="bytes=20-"),
             "InvalidRange"),
            (lambda: s3.put_object(Bucket="boto-objects", Key="a/1/under-an-object", Body=b"x"),
             "InvalidArgument"),
        ]:
            with self.assertRaises(ClientError) as e:
                call()
            self.assertEqual(e.exception.response["Error"]["Code"], code)
            self.assertTrue(e.exception.response["ResponseMetadata"]["RequestId"])
        with self.assertRaises(ClientError) as e:
            s3.head_object(Bucket="boto-objects", Key="missing")
        self.assertEqual(e.exception.response["Error"]["Code"], "404")

        result = s3.delete_objects(Bucket="boto-objects",
                                   Delete={"Objects": [{"Key": k} for k in keys + ["range",
                                                                                   "copied/range"]]})
        self.assertEqual(len(result["Deleted"]), len(keys) + 2)
        s3.delete_bucket(Bucket="boto-objects")
        self.assertEqual(os.listdir(os.path.join(self.server.data_dir, "lake")).count(
            "boto-objects"), 0)

    def test_duckdb_reads_parquet_uploaded_through_s3(self):
        if not os.path.isdir(os.path.join(HERE, "node_modules", "@duckdb")):
            self.fail("tests/e2e/node_modules is missing: run scripts/install-deps")
        r = subprocess.run(["node", "lake_duckdb.mjs", self.server.edge_url, self.server.data_dir,
                            self.tmp.name], cwd=HERE, capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("duckdb read 1000 rows", r.stdout)


if __name__ == "__main__":
    unittest.main()
