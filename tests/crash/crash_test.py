#!/usr/bin/python3
"""Kill -9 crash test for the log.

Starts log_crash_writer (fsync=always, several concurrent appenders) on one data dir, kills it
with SIGKILL at random moments, restarts it on the same dir, and after every kill runs the
verifier: every acknowledged batch must be present and intact, in order, with dense offsets.
Usage: crash_test.py <log_crash_writer> [iterations]
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def main():
    writer = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    seed = int(os.environ.get("MILLRACE_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    print(f"seed {seed}, {iterations} kills", flush=True)
    base = tempfile.mkdtemp(prefix="mr-crash-", dir=os.environ.get("MILLRACE_CRASH_DIR"))
    data = os.path.join(base, "data")
    ack_files = []
    try:
        for i in range(iterations):
            acks = os.path.join(base, f"acks-{i}.txt")
            ack_files.append(acks)
            with open(acks, "wb") as out:
                proc = subprocess.Popen([writer, "write", data], stdout=out,
                                        stderr=subprocess.DEVNULL)
                # Some kills land during recovery and startup, most while appending.
                time.sleep(rng.uniform(0.02, 0.5))
                if proc.poll() is not None:
                    print(f"run {i}: writer exited early with {proc.returncode}")
                    return 1
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            verify = subprocess.run([writer, "verify", data] + ack_files,
                                    capture_output=True, text=True)
            acked = sum(1 for _ in open(acks, "rb"))
            status = verify.stdout.strip() or verify.stderr.strip().splitlines()[-1:]
            print(f"run {i}: {acked} acks this run; {status}", flush=True)
            if verify.returncode != 0:
                print(verify.stderr)
                return 1
        return 0
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
