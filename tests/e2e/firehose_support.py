"""Shared set-up of the Firehose end-to-end tests: a server, boto3 clients for Firehose, S3 and
Kinesis (Firehose with client-side validation off, since this botocore still enforces the old 60 s
minimum buffer interval), and helpers to wait for delivered objects on disk."""

import os
import subprocess
import time

import boto3
from botocore.config import Config

AWS = "/usr/bin/aws"
ROLE = "arn:aws:iam::000000000000:role/firehose"
HERE = os.path.dirname(os.path.abspath(__file__))


def clients(edge_url):
    common = dict(endpoint_url=edge_url, region_name="us-east-1", aws_access_key_id="test",
                  aws_secret_access_key="test")
    firehose = boto3.client("firehose", **common,
                            config=Config(parameter_validation=False,
                                          retries={"max_attempts": 1}))
    s3 = boto3.client("s3", **common, config=Config(s3={"addressing_style": "path"}))
    kinesis = boto3.client("kinesis", **common, config=Config(retries={"max_attempts": 1}))
    return firehose, s3, kinesis


def s3_destination(bucket, interval=1, size_mb=1, **extra):
    config = {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{bucket}",
              "BufferingHints": {"SizeInMBs": size_mb, "IntervalInSeconds": interval}}
    config.update(extra)
    return config


def lake_files(data_dir, bucket, prefix=""):
    """Relative keys of every object under <data>/lake/<bucket>/<prefix>, sorted."""
    root = os.path.join(data_dir, "lake", bucket)
    out = []
    for dirpath, _, files in os.walk(os.path.join(root, prefix)):
        for f in files:
            out.append(os.path.relpath(os.path.join(dirpath, f), root))
    return sorted(out)


def read_lake(data_dir, bucket, key):
    with open(os.path.join(data_dir, "lake", bucket, key), "rb") as f:
        return f.read()


def wait_for(predicate, timeout=30, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


def aws_cli(edge_url, *args, check=True):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    r = subprocess.run([AWS, "--endpoint-url", edge_url, *args], capture_output=True,
                       text=True, env=env, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)}: {r.stderr}")
    return r
