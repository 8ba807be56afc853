"""Helpers shared by the Kafka end-to-end tests: topic creation through the Kafka admin API
(python3-confluent-kafka) and kcat runs."""

import subprocess

from confluent_kafka.admin import AdminClient, NewTopic


def bootstrap(server):
    return f"{server.kafka_host}:{server.kafka_port}"


def create_topic(server, name, partitions=1, config=None):
    admin = AdminClient({"bootstrap.servers": bootstrap(server)})
    futures = admin.create_topics([NewTopic(name, partitions, 1, config=config or {})],
                                  operation_timeout=10)
    futures[name].result(timeout=30)


def kcat(args, input_bytes=None, timeout=60):
    result = subprocess.run(["kcat"] + args, input=input_bytes, capture_output=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"kcat {' '.join(args)} failed: {result.stderr.decode()[-2000:]}")
    return result.stdout
