"""Starts and stops `millrace server` for end-to-end tests.

MillraceServer runs the binary named by $MILLRACE_BIN on a fresh temporary data directory with
`--edge 127.0.0.1:0 --kafka 127.0.0.1:0`, reads the addresses it prints, and stops it with a
signal, checking that it exits with status 0. Use it as a context manager:

    with MillraceServer() as server:
        urllib.request.urlopen(server.edge_url + "/health")
"""

import os
import re
import select
import signal
import subprocess
import tempfile
import time

LISTENING = re.compile(r"^millrace (edge|kafka) listening on (\S+):(\d+)$")


def millrace_bin():
    path = os.environ.get("MILLRACE_BIN")
    if not path:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", "..", "build", "src", "server", "millrace")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"millrace binary not found at {path}; set MILLRACE_BIN")
    return path


class MillraceServer:
    """One running millrace process.

    args: replaces the default address flags when given (the data dir flag is kept unless
    data_dir_flag is False). env: extra environment variables.
    """

    def __init__(self, args=None, env=None, data_dir=None, data_dir_flag=True, start_timeout=30):
        self._tmp = tempfile.TemporaryDirectory(prefix="millrace-e2e-")
        self.data_dir = data_dir or os.path.join(self._tmp.name, "data")
        self.args = ["--edge", "127.0.0.1:0", "--kafka", "127.0.0.1:0"] if args is None else args
        self.env = dict(os.environ, **(env or {}))
        self.data_dir_flag = data_dir_flag
        self.start_timeout = start_timeout
        self.process = None
        self._final_log = None
        self.log_path = os.path.join(self._tmp.name, "server.log")
        self.edge_host = self.kafka_host = None
        self.edge_port = self.kafka_port = None

    @property
    def edge_url(self):
        return f"http://{self.edge_host}:{self.edge_port}"

    def start(self):
        cmd = [millrace_bin(), "server"]
        if self.data_dir_flag:
            cmd += ["--data-dir", self.data_dir]
        cmd += self.args
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self._log,
                                        env=self.env)
        deadline = time.monotonic() + self.start_timeout
        pending = b""
        while self.edge_port is None or self.kafka_port is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._abort("did not print its listening addresses in time")
            ready, _, _ = select.select([self.process.stdout], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                self._abort("exited before printing its listening addresses")
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                m = LISTENING.match(line.decode())
                if not m:
                    continue
                if m.group(1) == "edge":
                    self.edge_host, self.edge_port = m.group(2), int(m.group(3))
                else:
                    self.kafka_host, self.kafka_port = m.group(2), int(m.group(3))
        return self

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Sends `sig` and returns the exit status; raises if it does not exit in time."""
        if self.process is None:
            return None
        self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"millrace did not exit within {timeout}s of {sig!r}")
        finally:
            self.process.stdout.close()
            self._log.close()
            self._final_log = self.log()
            self._tmp.cleanup()
        self.process = None
        return code

    def log(self):
        """The server's stderr so far (kept after stop() removes the temporary directory)."""
        if self._final_log is not None:
            return self._final_log
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def _abort(self, why):
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self._log.close()
        log = self.log()
        self.process = None
        self._tmp.cleanup()
        raise RuntimeError(f"millrace {why}; log:\n{log}")

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        code = self.stop()
        if exc_type is None and code != 0:
            raise AssertionError(f"millrace exited with {code}; log:\n{self.log()}")
