"""boto3 Kinesis clients pointed at a running MillraceServer, and small helpers."""

import boto3
from botocore.config import Config


def kinesis(server, retries=0):
    return boto3.client(
        "kinesis",
        endpoint_url=server.edge_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": retries + 1, "mode": "standard"},
                      read_timeout=60, connect_timeout=10),
    )


def read_shard(client, stream, shard_id, iterator_type="TRIM_HORIZON", limit=10000):
    """Every record of a shard from `iterator_type` to its current end (or its end if closed).

    Returns (records, child_shards)."""
    it = client.get_shard_iterator(StreamName=stream, ShardId=shard_id,
                                   ShardIteratorType=iterator_type)["ShardIterator"]
    out = []
    while True:
        r = client.get_records(ShardIterator=it, Limit=limit)
        out.extend(r["Records"])
        if "NextShardIterator" not in r:
            return out, r.get("ChildShards", [])
        it = r["NextShardIterator"]
        if not r["Records"] and r["MillisBehindLatest"] == 0:
            return out, []
