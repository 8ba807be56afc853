#!/usr/bin/python3
"""A Firehose transform for the e2e tests, run as a `command:` hook: the Lambda event JSON on
stdin, the response on stdout. Records containing "drop" are Dropped, "fail" ProcessingFailed;
the others come back upper-cased with a partition key `kind` (the first word)."""
import base64
import json
import sys

event = json.load(sys.stdin)
out = []
for r in event["records"]:
    data = base64.b64decode(r["data"]).decode()
    if "drop" in data:
        out.append({"recordId": r["recordId"], "result": "Dropped", "data": r["data"]})
    elif "fail" in data:
        out.append({"recordId": r["recordId"], "result": "ProcessingFailed", "data": r["data"]})
    else:
        out.append({"recordId": r["recordId"], "result": "Ok",
                    "data": base64.b64encode(data.upper().encode()).decode(),
                    "metadata": {"partitionKeys": {"kind": data.split()[0]}}})
json.dump({"records": out}, sys.stdout)
