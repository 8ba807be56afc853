"""End-to-end tests of the lake's S3 API with the aws cli: `aws s3 mb/cp/ls/rm/rb` (a multipart
upload included) and `aws s3api` calls, error shapes included."""

import hashlib
import json
import os
import unittest

from lake_support import LakeTestCase


class LakeCliTest(LakeTestCase):
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

        back = self.path("big.back")
        self.aws("s3", "cp", "s3://cli-bucket/blobs/big.bin", back, "--only-show-errors")
        with open(back, "rb") as f:
            self.assertEqual(hashlib.md5(f.read()).hexdigest(), hashlib.md5(data).hexdigest())

        self.aws("s3", "rm", "--recursive", "s3://cli-bucket/", "--only-show-errors")
        self.assertEqual(os.listdir(self.lake_path("cli-bucket", "")), [])
        self.aws("s3", "rb", "s3://cli-bucket")
        self.assertFalse(os.path.exists(self.lake_path("cli-bucket", "")))

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



if __name__ == "__main__":
    unittest.main()
