// Kinesis put/read load with the AWS SDK for JavaScript v3, so one script measures any server
// that speaks the Kinesis JSON API (millrace, kinesalite). NodeHttpHandler with keep-alive HTTP/1.1
// agents; `callers` concurrent PutRecords loops for `seconds`, spread over `workers` Node threads
// (one Node thread cannot keep up with a fast server), then every shard is read back with
// GetRecords and each acknowledged record must be found exactly once.
//
// Usage: node kinesis_sdk_bench.mjs --endpoint http://127.0.0.1:4566 [--label NAME] [--callers 8]
//          [--workers 1] [--batch 500] [--size 100] [--shards 4] [--seconds 10]
// Prints one JSON line with the figures; exits 1 if a record is missing or a request failed.
// The SDK is loaded from tests/e2e/node_modules (scripts/install-deps installs it).
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "e2e", "package.json"));
const {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, PutRecordsCommand,
  ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand,
} = require("@aws-sdk/client-kinesis");
const { NodeHttpHandler } = require("@smithy/node-http-handler");

function parseArgs(argv) {
  const opts = {
    label: "server", callers: 8, workers: 1, batch: 500, size: 100, shards: 4, seconds: 10,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in opts) && key !== "endpoint") throw new Error(`unknown option ${argv[i]}`);
    opts[key] = key === "endpoint" || key === "label" ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!opts.endpoint) throw new Error("--endpoint is required");
  if (opts.size < 24) throw new Error("--size must be at least 24 (records carry their id)");
  opts.workers = Math.max(1, Math.min(opts.workers, opts.callers));
  return opts;
}

function makeClient(endpoint, sockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const client = new KinesisClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    requestHandler: new NodeHttpHandler({ httpAgent: agent, requestTimeout: 60000 }),
    maxAttempts: 1,  // a failure is counted, never hidden by a retry
  });
  return { client, close: () => { client.destroy(); agent.destroy(); } };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- worker: runs its callers' put loops, or reads its shards ----

// One caller: PutRecords back to back until the deadline (a Date.now() value). Returns the
// numbers n of this caller's acknowledged records; record n's data starts with "<caller>:<n>:".
async function putLoop(client, opts, stream, caller, deadline, latencies, stats) {
  const filler = Buffer.alloc(opts.size, "x");
  const acked = [];
  let n = 0;
  while (Date.now() < deadline) {
    const records = [];
    const first = n;
    for (let i = 0; i < opts.batch; i++, n++) {
      const data = Buffer.allocUnsafe(opts.size);
      filler.copy(data);
      data.write(`${caller}:${n}:`, 0, "latin1");
      records.push({ Data: data, PartitionKey: `pk-${caller}-${n}` });
    }
    const start = performance.now();
    try {
      const r = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
      latencies.push(performance.now() - start);
      r.Records.forEach((x, i) => {
        if (x.SequenceNumber && !x.ErrorCode) acked.push(first + i);
        else stats.failedRecords++;
      });
    } catch (e) {
      stats.failedRequests++;
      if (stats.firstError === undefined) stats.firstError = String(e);
    }
  }
  return acked;
}

// Reads a shard from TRIM_HORIZON to its end; returns [caller, n] pairs, flattened.
async function readShard(client, stream, shardId) {
  let it = (await client.send(new GetShardIteratorCommand({
    StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON",
  }))).ShardIterator;
  const ids = [];
  while (it) {
    const r = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10000 }));
    for (const rec of r.Records) {
      const [caller, n] = Buffer.from(rec.Data).toString("latin1", 0, 24).split(":", 2);
      ids.push(Number(caller), Number(n));
    }
    if (r.Records.length === 0) break;  // the load has stopped, so empty means caught up
    it = r.NextShardIterator;
  }
  return ids;
}

async function workerMain() {
  const { opts, stream, task } = workerData;
  const { client, close } = makeClient(opts.endpoint, 16);
  if (task.kind === "put") {
    const latencies = [];
    const stats = { failedRequests: 0, failedRecords: 0 };
    await sleep(Math.max(0, task.startAt - Date.now()));
    const started = Date.now();
    const acked = await Promise.all(task.callers.map(
        (c) => putLoop(client, opts, stream, c, task.startAt + task.seconds * 1000, latencies,
                       stats)));
    parentPort.postMessage({ latencies, stats, started, ended: Date.now(),
                             acked: task.callers.map((c, i) => [c, acked[i]]) });
  } else {
    const ids = await Promise.all(task.shards.map((s) => readShard(client, stream, s)));
    parentPort.postMessage({ ids: ids.flat() });
  }
  close();
}

// ---- main: creates the stream, runs the phases, checks and reports ----

function runWorkers(opts, stream, tasks) {
  return Promise.all(tasks.map((task) => new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { opts, stream, task } });
    w.once("message", resolve);
    w.once("error", reject);
  })));
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { client, close } = makeClient(opts.endpoint, 4);
  const stream = `sdkbench${Date.now()}`;
  await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: opts.shards }));
  for (let i = 0;; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    if (d.StreamDescriptionSummary.StreamStatus === "ACTIVE") break;
    if (i === 600) throw new Error("stream never became ACTIVE");
    await sleep(50);
  }

  // Workers start together after a start-up allowance; the put phase runs from the first
  // worker's start to the last one's end.
  const startAt = Date.now() + 500;
  const putTasks = Array.from({ length: opts.workers }, (_, w) => ({
    kind: "put", startAt, seconds: opts.seconds,
    callers: Array.from({ length: opts.callers }, (_, c) => c).filter((c) => c % opts.workers === w),
  }));
  const putResults = await runWorkers(opts, stream, putTasks);
  const putSeconds = (Math.max(...putResults.map((r) => r.ended)) -
                      Math.min(...putResults.map((r) => r.started))) / 1000;

  const latencies = [];
  const stats = { failedRequests: 0, failedRecords: 0, duplicates: 0, read: 0, missing: 0 };
  const acked = new Map();  // caller -> Uint8Array, 1 = acknowledged, 2 = also read
  let put = 0;
  for (const r of putResults) {
    latencies.push(...r.latencies);
    stats.failedRequests += r.stats.failedRequests;
    stats.failedRecords += r.stats.failedRecords;
    if (r.stats.firstError !== undefined) stats.firstError ??= r.stats.firstError;
    for (const [c, ns] of r.acked) {
      const marks = new Uint8Array((ns.length ? Math.max(...ns.slice(-1)) : 0) + opts.batch);
      for (const n of ns) marks[n] = 1;
      acked.set(c, marks);
      put += ns.length;
    }
  }

  const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards;
  const readTasks = Array.from({ length: Math.min(opts.workers, shards.length) }, (_, w) => ({
    kind: "read", shards: shards.map((s) => s.ShardId).filter((_, i) => i % opts.workers === w),
  }));
  const readStart = Date.now();
  const readResults = await runWorkers(opts, stream, readTasks);
  const readSeconds = (Date.now() - readStart) / 1000;
  for (const { ids } of readResults) {
    for (let i = 0; i < ids.length; i += 2) {
      const marks = acked.get(ids[i]);
      stats.read++;
      if (marks === undefined || ids[i + 1] >= marks.length) continue;  // not acknowledged
      if (marks[ids[i + 1]] === 2) stats.duplicates++;
      else marks[ids[i + 1]] = 2;
    }
  }
  for (const marks of acked.values()) for (const m of marks) if (m === 1) stats.missing++;
  close();

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
    missing: stats.missing,
    duplicates: stats.duplicates,
    failed_requests: stats.failedRequests,
    failed_records: stats.failedRecords,
  };
  if (stats.firstError !== undefined) result.first_error = stats.firstError;
  console.log(JSON.stringify(result));
  const ok = stats.missing === 0 && stats.duplicates === 0 && stats.failedRequests === 0;
  process.exit(ok ? 0 : 1);
}

if (isMainThread) await main();
else await workerMain();
