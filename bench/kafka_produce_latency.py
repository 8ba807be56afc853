"""Produce latency at a fixed rate: python3-confluent-kafka (librdkafka) sends RATE messages/s of
SIZE bytes for SECONDS to a 4-partition topic with acks=all and linger.ms=0, and reports the
p50/p99 time from produce() to the delivery report. Usage:
    /usr/bin/python3 bench/kafka_produce_latency.py HOST:PORT [RATE] [SECONDS] [SIZE]
The topic `latency` is created if missing."""

import sys
import time

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic


def main():
    broker = sys.argv[1]
    rate = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 5
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 1024
    admin = AdminClient({"bootstrap.servers": broker})
    try:
        admin.create_topics([NewTopic("latency", 4, 1)])["latency"].result(30)
    except Exception:  # already exists
        pass
    p = Producer({"bootstrap.servers": broker, "acks": "all", "linger.ms": 0})
    latencies = []
    payload = b"x" * size
    # Warm up: the first messages would otherwise wait for the topic's metadata.
    for i in range(4):
        p.produce("latency", value=payload, partition=i)
    p.flush(30)

    def report(err, msg, sent):
        if err is None:
            latencies.append(time.perf_counter() - sent)

    total = int(rate * seconds)
    start = time.perf_counter()
    for i in range(total):
        target = start + i / rate
        while time.perf_counter() < target:
            p.poll(0)
        sent = time.perf_counter()
        p.produce("latency", key=str(i).encode(), value=payload,
                  on_delivery=lambda err, msg, sent=sent: report(err, msg, sent))
        p.poll(0)
    p.flush(30)
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"{len(latencies)}/{total} delivered at {rate}/s, {size} B, acks=all: "
          f"p50 {pct(0.50):.2f} ms, p99 {pct(0.99):.2f} ms, max {latencies[-1] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
