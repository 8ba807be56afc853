#!/usr/bin/python3
"""Writes newline-delimited JSON records for the JSON to Parquet benchmark.

Usage: gen_ndjson.py <out.json> <megabytes>. Ten columns of mixed types; deterministic.
"""
import random
import sys


def main():
    path, megabytes = sys.argv[1], float(sys.argv[2])
    limit = int(megabytes * 1e6)
    rng = random.Random(42)
    users = [f"user-{i:05d}" for i in range(5000)]
    events = ["view", "click", "purchase", "signup", "logout", "search"]
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
    written = 0
    i = 0
    with open(path, "w", buffering=1 << 22) as out:
        while written < limit:
            lines = []
            for _ in range(10000):
                sec = 1700000000 + i // 7
                ts = f"2023-11-{14 + (sec - 1700000000) // 86400 % 14:02d} {sec // 3600 % 24:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}.{i % 1000:03d}"
                note = " ".join(rng.choice(words) for _ in range(rng.randint(2, 8)))
                lines.append(
                    f'{{"id":{i},"at":"{ts}","user":"{rng.choice(users)}","event":"{rng.choice(events)}",'
                    f'"amount":{rng.randint(0, 10**7) / 100:.2f},"score":{rng.random():.6f},"qty":{rng.randint(-50, 1000)},'
                    f'"flag":{"true" if i % 3 else "false"},"day":"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",'
                    f'"note":"{note}"}}\n')
                i += 1
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk)


if __name__ == "__main__":
    main()
