"""End-to-end tests of the lake's S3 API with SDKs: boto3 (a 50 MiB multipart upload, paging,
ranges, copies, error shapes) and DuckDB reading a Parquet object, uploaded through the S3 API by
the AWS SDK for JavaScript, from its on-disk path."""

import hashlib
import os
import subprocess
import unittest

from botocore.exceptions import ClientError

from lake_support import HERE, LakeTestCase


class LakeSdkTest(LakeTestCase):
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
