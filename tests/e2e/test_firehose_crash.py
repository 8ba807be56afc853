"""Firehose delivery survives kill -9 under load: records acknowledged before the kill are all
delivered after a restart; the only duplicates are those of one buffer whose object was published
just before the kill (its checkpoint was not yet committed)."""

import os
import tempfile
import threading
import time
import unittest

from firehose_support import clients, lake_files, read_lake, s3_destination, wait_for
from harness import MillraceServer


class FirehoseCrashTest(unittest.TestCase):
    def test_kill_during_delivery_loses_nothing(self):
        tmp = tempfile.TemporaryDirectory(prefix="millrace-fh-crash-")
        data_dir = os.path.join(tmp.name, "data")
        server = MillraceServer(data_dir=data_dir).start()
        acked = []
        stop = threading.Event()
        try:
            firehose, s3, _ = clients(server.edge_url)
            s3.create_bucket(Bucket="lake")
            firehose.create_delivery_stream(
                DeliveryStreamName="crash",
                ExtendedS3DestinationConfiguration=s3_destination("lake", interval=0, size_mb=1,
                                                                  Prefix="c/"))

            def produce(worker):
                n = 0
                while not stop.is_set():
                    batch = [f"w{worker}-{n + i:07d}-{'x' * 150}\n".encode() for i in range(200)]
                    try:
                        firehose.put_record_batch(DeliveryStreamName="crash",
                                                  Records=[{"Data": d} for d in batch])
                    except Exception:  # the server was killed: this batch was not acknowledged
                        return
                    acked.extend(batch)
                    n += len(batch)

            threads = [threading.Thread(target=produce, args=(w,), daemon=True) for w in range(3)]
            for t in threads:
                t.start()
            # Kill once delivery is well under way.
            wait_for(lambda: len(lake_files(data_dir, "lake", "c/")) >= 5, timeout=60,
                     what="objects before the kill")
            server.stop(sig=9)
            stop.set()
            for t in threads:
                t.join()
            before_restart = len(acked)
            self.assertGreater(before_restart, 0)

            server = MillraceServer(data_dir=data_dir).start()
            firehose, _, _ = clients(server.edge_url)
            tail = [f"after-{i:05d}\n".encode() for i in range(300)]
            firehose.put_record_batch(DeliveryStreamName="crash",
                                      Records=[{"Data": d} for d in tail])
            acked.extend(tail)

            def delivered():
                objects = [read_lake(data_dir, "lake", k) for k in lake_files(data_dir, "lake", "c/")]
                lines = [line for o in objects for line in o.splitlines(keepends=True)]
                return (objects, lines) if set(acked) <= set(lines) else None
            objects, lines = wait_for(delivered, timeout=60, what="every acknowledged record")
            counts = {}
            for line in lines:
                counts[line] = counts.get(line, 0) + 1
            duplicates = sum(c - 1 for c in counts.values())
            largest_object = max(len(o.splitlines()) for o in objects)
            self.assertLessEqual(duplicates, largest_object,
                                 f"{duplicates} duplicates, largest object {largest_object}")
        finally:
            stop.set()
            if server.process is not None:
                self.assertEqual(server.stop(), 0, server.log())
            tmp.cleanup()


if __name__ == "__main__":
    unittest.main()
