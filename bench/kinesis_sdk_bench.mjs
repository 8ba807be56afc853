// Kinesis put/read load with the AWS SDK for JavaScript v3, so one script measures any server
// that speaks the Kinesis JSON API (millrace, kinesalite). NodeHttpHandler with keep-alive HTTP/1.1
// agents; `callers` concurrent PutRecords loops for `seconds`, then every shard is read back with
// GetRecords and each acknowledged record must be found exactly once.
//
// Usage: node kinesis_sdk_bench.mjs --endpoint http://127.0.0.1:4566 [--label NAME] [--callers 8]
//          [--batch 500] [--size 100] [--shards 4] [--seconds 10]
// Prints one JSON line with the figures; exits 1 if a record is missing or a request failed.
// The SDK is loaded from tests/e2e/node_modules (scripts/install-deps installs it).
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "e2e", "package.json"));
const {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, PutRecordsCommand,
  ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand,
} = require("@aws-sdk/client-kinesis");
const { NodeHttpHandler } = require("@smithy/node-http-handler");

function parseArgs(argv) {
  const opts = { label: "server", callers: 8, batch: 500, size: 100, shards: 4, seconds: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in opts) && key !== "endpoint") throw new Error(`unknown option ${argv[i]}`);
    opts[key] = key === "endpoint" || key === "label" ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!opts.endpoint) throw new Error("--endpoint is required");
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.callers + 4 });
const client = new KinesisClient({
  endpoint: opts.endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  requestHandler: new NodeHttpHandler({ httpAgent: agent, requestTimeout: 60000 }),
  maxAttempts: 1,  // a failure is counted, never hidden by a retry
});
const stream = `sdkbench${Date.now()}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Record data: "<caller>:<n>:" then filler up to `size` bytes. Decoded back when read.
const filler = "x".repeat(opts.size);
function recordData(caller, n) {
  const head = `${caller}:${n}:`;
  return Buffer.from(head + filler.slice(head.length));
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitActive() {
  for (let i = 0; i < 600; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    if (d.StreamDescriptionSummary.StreamStatus === "ACTIVE") return;
    await sleep(50);
  }
  throw new Error("stream never became ACTIVE");
}

// One caller: PutRecords back to back until the deadline. acked[n] = 1 for each acknowledged
// record n of this caller.
async function putLoop(caller, deadline, latencies, acked, stats) {
  let n = 0;
  while (performance.now() < deadline) {
    const records = [];
    const first = n;
    for (let i = 0; i < opts.batch; i++, n++) {
      records.push({ Data: recordData(caller, n), PartitionKey: `pk-${caller}-${n}` });
    }
    const start = performance.now();
    try {
      const r = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
      latencies.push(performance.now() - start);
      r.Records.forEach((x, i) => {
        if (x.SequenceNumber && !x.ErrorCode) acked.add(first + i);
        else stats.failedRecords++;
      });
    } catch (e) {
      stats.failedRequests++;
      if (stats.firstError === undefined) stats.firstError = String(e);
    }
  }
}

async function readShard(shardId, seen, stats) {
  let it = (await client.send(new GetShardIteratorCommand({
    StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON",
  }))).ShardIterator;
  while (it) {
    const r = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10000 }));
    for (const rec of r.Records) {
      const text = Buffer.from(rec.Data).toString("latin1", 0, 24);
      const [caller, n] = text.split(":", 2).map(Number);
      const set = seen[caller];
      if (set === undefined || set.has(n)) stats.duplicates++;
      else set.add(n);
      stats.read++;
    }
    if (r.Records.length === 0) break;  // the load has stopped, so empty means caught up
    it = r.NextShardIterator;
  }
}

await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: opts.shards }));
await waitActive();

const latencies = [];
const acked = Array.from({ length: opts.callers }, () => new Set());
const stats = { failedRequests: 0, failedRecords: 0, read: 0, duplicates: 0 };
const putStart = performance.now();
const deadline = putStart + opts.seconds * 1000;
await Promise.all(acked.map((set, c) => putLoop(c, deadline, latencies, set, stats)));
const putSeconds = (performance.now() - putStart) / 1000;
const put = acked.reduce((sum, s) => sum + s.size, 0);

const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards;
const seen = Array.from({ length: opts.callers }, () => new Set());
const readStart = performance.now();
await Promise.all(shards.map((s) => readShard(s.ShardId, seen, stats)));
const readSeconds = (performance.now() - readStart) / 1000;

let missing = 0;
acked.forEach((set, c) => { for (const n of set) if (!seen[c].has(n)) missing++; });
latencies.sort((a, b) => a - b);
const result = {
  label: opts.label,
  put_records: put,
  put_seconds: +putSeconds.toFixed(2),
  put_records_per_s: Math.round(put / putSeconds),
  put_requests: latencies.length,
  put_p50_ms: +percentile(latencies, 50).toFixed(1),
  put_p99_ms: +percentile(latencies, 99).toFixed(1),
  read_records: stats.read,
  read_seconds: +readSeconds.toFixed(2),
  read_records_per_s: Math.round(stats.read / readSeconds),
  missing,
  duplicates: stats.duplicates,
  failed_requests: stats.failedRequests,
  failed_records: stats.failedRecords,
};
if (stats.firstError !== undefined) result.first_error = stats.firstError;
console.log(JSON.stringify(result));
client.destroy();
agent.destroy();
process.exit(missing === 0 && stats.failedRequests === 0 ? 0 : 1);
