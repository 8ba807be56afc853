"""End-to-end test of millrace's S3 client (libcurl + SigV4) against an S3 server that is not
millrace (npm s3rver) and against millrace's own S3 API. s3rver parses the SigV4 Authorization
header and checks the access key but not the signature; the signature itself is checked against
AWS's documented example in the unit tests (s3_client_test)."""

import os
import re
import select
import subprocess
import tempfile
import time
import unittest

from harness import MillraceServer

HERE = os.path.dirname(os.path.abspath(__file__))


def probe_bin():
    path = os.environ.get("MILLRACE_S3_PROBE") or os.path.join(
        HERE, "..", "..", "build", "src", "lake", "s3_client_probe")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"s3_client_probe not found at {path}; set MILLRACE_S3_PROBE")
    return path


def probe(endpoint, access, secret, bucket):
    return subprocess.run([probe_bin(), endpoint, access, secret, bucket], capture_output=True,
                          text=True, timeout=60)


class S3rver:
    """npm s3rver on a free port with a scratch directory."""

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="s3rver-")
        script = os.path.join(HERE, "node_modules", "s3rver", "bin", "s3rver.js")
        if not os.path.exists(script):
            raise RuntimeError("tests/e2e/node_modules is missing: run scripts/install-deps")
        self.process = subprocess.Popen(["node", script, "-d", self.tmp.name, "-a", "127.0.0.1",
                                         "-p", "0", "--silent"], cwd=HERE,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        out = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 1)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    break
                out += chunk
                m = re.search(rb"S3rver listening on ([\d.]+):(\d+)", out)
                if m:
                    self.endpoint = f"http://{m.group(1).decode()}:{int(m.group(2))}"
                    return self
        self.process.kill()
        raise RuntimeError(f"s3rver did not start: {out.decode(errors='replace')}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()
        self.tmp.cleanup()


class S3ClientTest(unittest.TestCase):
    def test_against_s3rver(self):
        with S3rver() as s3rver:
            r = probe(s3rver.endpoint, "S3RVER", "S3RVER", "probe-bucket")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            # s3rver reads the credential from the Authorization header: an unknown key is refused.
            bad = probe(s3rver.endpoint, "UNKNOWNKEY", "S3RVER", "other-bucket")
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn("InvalidAccessKeyId", bad.stderr)

    def test_against_millrace(self):
        with MillraceServer() as server:
            r = probe(server.edge_url, "test", "test", "probe-bucket")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            path = os.path.join(server.data_dir, "lake", "probe-bucket")
            self.assertEqual(os.listdir(path), [])  # the probe deleted its object


if __name__ == "__main__":
    unittest.main()
