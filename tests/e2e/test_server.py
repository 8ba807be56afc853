"""End-to-end tests of the server core: HTTP/1.1 and h2c on the edge port, the AWS JSON error
shape, /health and /metrics, limits, malformed input, signals, flags and environment."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import unittest

from harness import MillraceServer, millrace_bin

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kwargs)


class EdgeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MillraceServer().start()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, f"exit status {code}; log:\n{cls.server.log()}"

    def url(self, path):
        return self.server.edge_url + path

    def test_health_over_http11_reuses_the_connection(self):
        r = run(["curl", "-sv", "--http1.1", self.url("/health"), self.url("/health")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, '{"status":"ok"}' * 2)
        self.assertIn("Re-using existing connection", r.stderr)
        self.assertEqual(r.stderr.count("Connected to"), 1, r.stderr)

    def test_http2_prior_knowledge_with_curl(self):
        r = run(["curl", "-s", "--http2-prior-knowledge", "-w", "\n%{http_version} %{http_code}",
                 self.url("/health")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, '{"status":"ok"}\n2 200')

    def test_nghttp_several_streams(self):
        urls = [self.url("/health"), self.url("/metrics"), self.url("/health?x=1"),
                self.url("/nope")]
        r = run(["nghttp", "-nv"] + urls)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        statuses = re.findall(r"recv \(stream_id=(\d+)\) :status: (\d+)", r.stdout)
        self.assertEqual(len(statuses), 4, r.stdout)
        self.assertEqual(len({sid for sid, _ in statuses}), 4)
        self.assertEqual(sorted(s for _, s in statuses), ["200", "200", "200", "404"])

    def test_metrics_pass_promtool(self):
        run(["curl", "-s", self.url("/health")])  # so request series exist
        conn = http.client.HTTPConnection(self.server.edge_host, self.server.edge_port, timeout=30)
        conn.request("GET", "/metrics")
        resp = conn.getresponse()
        text = resp.read().decode()
        conn.close()
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.getheader("Content-Type").startswith("text/plain; version=0.0.4"))
        for name in ("millrace_http_requests_total", "millrace_http_request_duration_seconds_bucket",
                     "millrace_http_open_connections", "millrace_http_connections_total"):
            self.assertIn(name, text)
        self.assertRegex(text, r'millrace_http_requests_total\{route="/health",status="200"\} \d+')
        check = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True,
                               text=True, timeout=60)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)

    def aws_call(self, target, body, headers=None):
        conn = http.client.HTTPConnection(self.server.edge_host, self.server.edge_port, timeout=30)
        h = {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"}
        h.update(headers or {})
        conn.request("POST", "/", body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp, data

    def test_unknown_target_is_unknown_operation(self):
        resp, data = self.aws_call("Kinesis_20131202.NoSuchThing", b"{}")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.getheader("Content-Type"), "application/x-amz-json-1.1")
        self.assertEqual(resp.getheader("x-amzn-ErrorType"), "UnknownOperationException")
        self.assertRegex(resp.getheader("x-amzn-RequestId"), UUID)
        body = json.loads(data)
        self.assertEqual(body["__type"], "UnknownOperationException")
        self.assertIn("Kinesis_20131202.NoSuchThing", body["message"])

    def test_unknown_target_over_http2(self):
        r = run(["curl", "-s", "--http2-prior-knowledge", "-D", "-", "-H",
                 "X-Amz-Target: Firehose_20150804.Nope", "-H",
                 "Content-Type: application/x-amz-json-1.1", "--data-binary", "{}",
                 self.url("/")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("HTTP/2 400", r.stdout)
        self.assertRegex(r.stdout, r"x-amzn-requestid: [0-9a-f-]{36}")
        self.assertIn('"__type":"UnknownOperationException"', r.stdout)

    def test_oversized_body_gets_413_after_the_headers(self):
        with socket.create_connection((self.server.edge_host, self.server.edge_port), 30) as s:
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Kinesis_20131202.PutRecord\r\n"
                      b"Content-Type: application/x-amz-json-1.1\r\n"
                      b"Content-Length: 17000000\r\n\r\n{")
            reply = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 413 "), head)
        self.assertEqual(json.loads(body)["__type"], "RequestEntityTooLargeException")

    def test_oversized_body_with_curl(self):
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"x" * (17 << 20))
            f.flush()
            r = run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                     "X-Amz-Target: Kinesis_20131202.PutRecord", "--data-binary", "@" + f.name,
                     self.url("/")])
        self.assertEqual(r.stdout, "413", r.stderr)

    def test_garbage_closes_only_that_connection(self):
        for garbage in (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + os.urandom(200),
                        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + os.urandom(300),
                        b"GET / HTTP/1.1\r\nHost: \x00\x01\r\nBad Header\r\n\r\n"):
            with socket.create_connection((self.server.edge_host, self.server.edge_port), 30) as s:
                s.sendall(garbage)
                s.shutdown(socket.SHUT_WR)
                while s.recv(65536):
                    pass  # the server answers (400 or GOAWAY) and closes
            r = run(["curl", "-s", self.url("/health")])
            self.assertEqual(r.stdout, '{"status":"ok"}')

    def test_kafka_port_accepts_connections(self):
        with socket.create_connection((self.server.kafka_host, self.server.kafka_port), 30) as s:
            # ApiVersions v0 (key 18), correlation id 7, client id "t": answered with error 0.
            s.sendall(bytes.fromhex("0000000b" "0012" "0000" "00000007" "0001") + b"t")
            reply = b""
            while len(reply) < 10:
                chunk = s.recv(4096)
                self.assertNotEqual(chunk, b"", "connection closed before the reply")
                reply += chunk
            self.assertEqual(reply[4:10], bytes.fromhex("00000007" "0000"))


class LifecycleTest(unittest.TestCase):
    def test_sigterm_and_sigint_exit_zero(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            server = MillraceServer().start()
            r = run(["curl", "-s", server.edge_url + "/health"])
            self.assertEqual(r.stdout, '{"status":"ok"}')
            self.assertEqual(server.stop(sig), 0, server.log())

    def test_shutdown_with_an_open_idle_connection(self):
        server = MillraceServer().start()
        conn = http.client.HTTPConnection(server.edge_host, server.edge_port, timeout=30)
        conn.request("GET", "/health")
        conn.getresponse().read()  # keep-alive: the connection stays open and idle
        self.assertEqual(server.stop(signal.SIGTERM, timeout=20), 0, server.log())
        conn.close()

    def test_environment_variables_are_used(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "from-env")
            server = MillraceServer(args=[], data_dir_flag=False,
                                    env={"MILLRACE_DATA_DIR": data, "MILLRACE_EDGE": "127.0.0.1:0",
                                         "MILLRACE_KAFKA": "127.0.0.1:0"}).start()
            try:
                self.assertTrue(os.path.isdir(data))
                r = run(["curl", "-s", server.edge_url + "/health"])
                self.assertEqual(r.stdout, '{"status":"ok"}')
            finally:
                self.assertEqual(server.stop(), 0, server.log())

    def test_flags_win_over_environment(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "from-flag")
            # The environment names an address that cannot be bound; the flags must win.
            server = MillraceServer(args=["--edge", "127.0.0.1:0", "--kafka", "127.0.0.1:0"],
                                    data_dir=data,
                                    env={"MILLRACE_EDGE": "192.0.2.1:1", "MILLRACE_KAFKA": "bad",
                                         "MILLRACE_DATA_DIR": os.path.join(tmp, "from-env")}).start()
            try:
                self.assertTrue(os.path.isdir(data))
                self.assertFalse(os.path.exists(os.path.join(tmp, "from-env")))
                self.assertNotEqual(server.edge_port, 0)
            finally:
                self.assertEqual(server.stop(), 0, server.log())

    def test_opens_the_log_and_refuses_a_data_dir_in_use(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "data")
            first = MillraceServer(data_dir=data).start()
            try:
                self.assertTrue(os.path.isdir(os.path.join(data, "log")))
                second = subprocess.run(
                    [millrace_bin(), "server", "--data-dir", data, "--edge", "127.0.0.1:0",
                     "--kafka", "127.0.0.1:0"], capture_output=True, text=True, timeout=30)
                self.assertEqual(second.returncode, 1, second.stdout)
                self.assertIn("in use by another millrace process", second.stderr)
                r = run(["curl", "-s", first.edge_url + "/health"])
                self.assertEqual(r.stdout, '{"status":"ok"}')
            finally:
                self.assertEqual(first.stop(), 0, first.log())
            # The lock goes with the process: the same directory starts again.
            again = MillraceServer(data_dir=data).start()
            self.assertEqual(again.stop(), 0, again.log())

    def test_help_lists_every_flag(self):
        r = run([millrace_bin(), "server", "--help"])
        self.assertEqual(r.returncode, 0, r.stderr)
        for flag in ("--data-dir", "--edge", "--kafka", "MILLRACE_DATA_DIR", "MILLRACE_EDGE",
                     "MILLRACE_KAFKA", "127.0.0.1:4566", "127.0.0.1:9092", "Port 0"):
            self.assertIn(flag, r.stdout)

    def test_bad_flags_exit_2(self):
        for args in (["server", "--no-such-flag"], ["server", "--edge", "nonsense"],
                     ["server", "--kafka", "127.0.0.1:99999"], []):
            r = run([millrace_bin()] + args)
            self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
            self.assertTrue(r.stderr.strip(), args)


if __name__ == "__main__":
    unittest.main()
