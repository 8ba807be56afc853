#!/usr/bin/python3
"""Firehose ingest into Parquet: PutRecordBatch of 1 KiB JSON records into a delivery stream that
converts to Parquet (schema from a Glue table) with a 64 MiB / 60 s buffer, then data freshness
(put -> object visible in the lake) at a 1 s interval.

Starts `millrace server` (build/src/server/millrace, or $MILLRACE_BIN) on a scratch data dir.
Producers are --procs processes, each with one keep-alive HTTP/1.1 connection sending prebuilt
PutRecordBatch bodies (500 records each, distinct ids) as fast as the server acknowledges them
(each answer waits for the log's fsync). Prints acknowledged records/s and MB/s of JSON in
(1 MB = 1e6 bytes, record bytes before base64), the rate at which the records reached the lake
as Parquet, and freshness percentiles.
Usage: bench/firehose_bench.py [--seconds N] [--procs N] [--freshness-samples N]
"""

import argparse
import base64
import http.client
import json
import multiprocessing
import os
import statistics
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
from harness import MillraceServer  # noqa: E402

RECORD_BYTES = 1024
BATCH = 500
SHOPS = ["north", "south", "east", "west", "online"]


def record(i):
    r = {"id": i, "shop": SHOPS[i % 5], "amount": (i % 10000) / 100, "payload": ""}
    base = len(json.dumps(r)) + 1
    r["payload"] = "p" * (RECORD_BYTES - base)
    return json.dumps(r).encode() + b"\n"


def call(conn, target, body):
    conn.request("POST", "/", body=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError(f"{target}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else {}


def producer(port, stream, proc, seconds, bodies_per_proc, out):
    bodies = []
    for b in range(bodies_per_proc):
        first = (proc * bodies_per_proc + b) * BATCH
        records = [{"Data": base64.b64encode(record(first + i)).decode()} for i in range(BATCH)]
        bodies.append(json.dumps({"DeliveryStreamName": stream, "Records": records}).encode())
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    sent = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        answer = call(conn, "Firehose_20150804.PutRecordBatch", bodies[sent % len(bodies)])
        if answer["FailedPutCount"] != 0:
            raise RuntimeError("failed puts")
        sent += 1
    out.put((sent * BATCH, time.perf_counter() - start))


def metric(url, name, stream):
    text = urllib.request.urlopen(url + "/metrics").read().decode()
    for line in text.splitlines():
        if line.startswith(name + "{") and f'delivery_stream="{stream}"' in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--procs", type=int, default=4)
    ap.add_argument("--freshness-samples", type=int, default=10)
    args = ap.parse_args()

    server = MillraceServer().start()
    try:
        port = server.edge_port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("PUT", "/lake")
        conn.getresponse().read()
        call(conn, "AWSGlue.CreateDatabase", json.dumps({"DatabaseInput": {"Name": "bench"}}))
        call(conn, "AWSGlue.CreateTable", json.dumps({"DatabaseName": "bench", "TableInput": {
            "Name": "orders", "StorageDescriptor": {"Columns": [
                {"Name": "id", "Type": "bigint"}, {"Name": "shop", "Type": "string"},
                {"Name": "amount", "Type": "double"}, {"Name": "payload", "Type": "string"}]}}}))

        def create(name, size_mb, interval):
            call(conn, "Firehose_20150804.CreateDeliveryStream", json.dumps({
                "DeliveryStreamName": name,
                "ExtendedS3DestinationConfiguration": {
                    "RoleARN": "arn:aws:iam::000000000000:role/r",
                    "BucketARN": "arn:aws:s3:::lake", "Prefix": name + "/",
                    "ErrorOutputPrefix": name + "-errors/!{firehose:error-output-type}/",
                    "BufferingHints": {"SizeInMBs": size_mb, "IntervalInSeconds": interval},
                    "DataFormatConversionConfiguration": {
                        "SchemaConfiguration": {"DatabaseName": "bench", "TableName": "orders"},
                        "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                        "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {}}}}}}))

        create("ingest", 64, 60)
        out = multiprocessing.Queue()
        procs = [multiprocessing.Process(target=producer,
                                         args=(port, "ingest", p, args.seconds, 8, out))
                 for p in range(args.procs)]
        t0 = time.perf_counter()
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        total = sum(r[0] for r in results)
        elapsed = max(r[1] for r in results)
        print(f"put: {total} records of {RECORD_BYTES} B in {elapsed:.1f} s: "
              f"{total / elapsed:,.0f} records/s, {total * RECORD_BYTES / elapsed / 1e6:.1f} MB/s "
              f"of JSON in ({args.procs} connections, {BATCH} records per PutRecordBatch)")
        # The 60 s interval would hold the tail back: a graceful stop delivers it, so measure
        # what was delivered by size (64 MiB buffers) while the puts ran and after.
        while metric(server.edge_url, "millrace_firehose_delivery_to_s3_records_total",
                     "ingest") < total - 64 * 1024 * 1024 // RECORD_BYTES:
            time.sleep(0.2)
        delivered = metric(server.edge_url, "millrace_firehose_delivery_to_s3_records_total",
                           "ingest")
        lake_elapsed = time.perf_counter() - t0
        objects = metric(server.edge_url, "millrace_firehose_delivery_to_s3_objects_total", "ingest")
        parquet = metric(server.edge_url, "millrace_firehose_delivery_to_s3_bytes_total", "ingest")
        print(f"lake: {delivered:,.0f} records in {objects:.0f} Parquet objects "
              f"({parquet / 1e6:.1f} MB) within {lake_elapsed:.1f} s of the first put: "
              f"{delivered * RECORD_BYTES / lake_elapsed / 1e6:.1f} MB/s of JSON converted")

        create("fresh", 64, 1)
        lake_dir = os.path.join(server.data_dir, "lake", "lake", "fresh")
        samples = []
        for i in range(args.freshness_samples):
            before = sum(len(f) for _, _, f in os.walk(lake_dir)) if os.path.isdir(lake_dir) else 0
            body = json.dumps({"DeliveryStreamName": "fresh", "Record": {
                "Data": base64.b64encode(record(10**9 + i)).decode()}})
            start = time.perf_counter()
            call(conn, "Firehose_20150804.PutRecord", body)
            while (sum(len(f) for _, _, f in os.walk(lake_dir)) if os.path.isdir(lake_dir)
                   else 0) == before:
                time.sleep(0.005)
            samples.append(time.perf_counter() - start)
        samples.sort()
        print(f"freshness at a 1 s interval (put -> object in the lake), {len(samples)} samples: "
              f"median {statistics.median(samples):.2f} s, max {samples[-1]:.2f} s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
