// SubscribeToShard (enhanced fan-out) with the AWS SDK for JavaScript v3 and its default HTTP/2
// handler. Usage: node kinesis_subscribe.mjs <endpoint> main|lifetime
//   main:     LATEST, TRIM_HORIZON, AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER subscriptions,
//             records checked one by one, overlap refused, takeover after 5 s, deregistration
//             and deletion end live subscriptions with ResourceNotFoundException.
//   lifetime: the server runs with --kinesis-subscription-ms 9000; an idle subscription gets
//             keep-alive events (empty Records, every 5 s), the stream ends cleanly and a
//             resubscription from ContinuationSequenceNumber misses and repeats nothing.
import {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, RegisterStreamConsumerCommand,
  DescribeStreamConsumerCommand, DeregisterStreamConsumerCommand, SubscribeToShardCommand,
  PutRecordsCommand, DeleteStreamCommand,
} from "@aws-sdk/client-kinesis";

const [endpoint, mode] = process.argv.slice(2);
const client = new KinesisClient({
  endpoint, region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exit(1); };
const check = (cond, msg) => { if (!cond) fail(msg); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (bytes) => new TextDecoder().decode(bytes);
const SHARD = "shardId-000000000000";

async function waitFor(what, cond, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function makeStream(name) {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  let arn;
  await waitFor(`${name} ACTIVE`, async () => {
    const d = (await client.send(new DescribeStreamSummaryCommand({ StreamName: name })))
      .StreamDescriptionSummary;
    arn = d.StreamARN;
    return d.StreamStatus === "ACTIVE";
  });
  return arn;
}

async function registerConsumer(streamArn, name) {
  const c = (await client.send(new RegisterStreamConsumerCommand({
    StreamARN: streamArn, ConsumerName: name,
  }))).Consumer;
  await waitFor(`consumer ${name} ACTIVE`, async () => {
    const d = await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: c.ConsumerARN }));
    return d.ConsumerDescription.ConsumerStatus === "ACTIVE";
  });
  return c.ConsumerARN;
}

// Puts `count` records named `${tag}-i` with rotating partition keys; returns what was sent,
// with the sequence numbers the service gave.
async function put(stream, tag, count) {
  const sent = [];
  for (let start = 0; start < count; start += 100) {
    const records = [];
    for (let i = start; i < Math.min(count, start + 100); i++) {
      records.push({ Data: new TextEncoder().encode(`${tag}-${i}`), PartitionKey: `pk-${i % 7}` });
    }
    const r = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
    check(r.FailedRecordCount === 0, `PutRecords failed: ${JSON.stringify(r)}`);
    r.Records.forEach((x, i) => sent.push({
      data: text(records[i].Data), key: records[i].PartitionKey, seq: x.SequenceNumber,
    }));
  }
  return sent;
}

// A live subscription collecting what it receives.
class Subscriber {
  constructor(consumerArn, position) {
    this.records = [];
    this.events = 0;
    this.keepalivesAfterRecords = 0;
    this.continuation = undefined;
    this.error = undefined;
    this.ended = false;
    this.abort = new AbortController();
    this.ready = this.start(consumerArn, position);
  }

  async start(consumerArn, position) {
    const r = await client.send(new SubscribeToShardCommand({
      ConsumerARN: consumerArn, ShardId: SHARD, StartingPosition: position,
    }), { abortSignal: this.abort.signal });
    this.done = this.consume(r.EventStream);
  }

  async consume(stream) {
    try {
      for await (const ev of stream) {
        const e = ev.SubscribeToShardEvent;
        if (!e) {
          this.error = Object.keys(ev)[0];
          break;
        }
        this.events++;
        if (e.Records.length === 0 && this.records.length > 0) this.keepalivesAfterRecords++;
        for (const rec of e.Records) {
          check(rec.ApproximateArrivalTimestamp instanceof Date, "arrival timestamp not a Date");
          this.records.push({ data: text(rec.Data), key: rec.PartitionKey,
                              seq: rec.SequenceNumber });
        }
        check(typeof e.MillisBehindLatest === "number", "MillisBehindLatest missing");
        if (e.ContinuationSequenceNumber) this.continuation = e.ContinuationSequenceNumber;
      }
    } catch (err) {
      if (!this.abort.signal.aborted) this.error = err.name;
    }
    this.ended = true;
  }

  stop() { this.abort.abort(); }
}

function sameRecords(got, want, what) {
  check(got.length === want.length, `${what}: got ${got.length} records, want ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    check(g.data === w.data && g.key === w.key && g.seq === w.seq,
          `${what}: record ${i} is ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
  }
}

async function expectSubscribeError(consumerArn, position, name) {
  try {
    const r = await client.send(new SubscribeToShardCommand({
      ConsumerARN: consumerArn, ShardId: SHARD, StartingPosition: position,
    }));
    for await (const ev of r.EventStream) { void ev; break; }
  } catch (err) {
    check(err.name === name, `expected ${name}, got ${err.name}: ${err.message}`);
    return;
  }
  fail(`expected ${name}, the subscription started`);
}

// Resubscribes, retrying while the previous subscription of the pair is less than 5 s old.
async function resubscribe(consumerArn, position) {
  for (let attempt = 0; ; attempt++) {
    const s = new Subscriber(consumerArn, position);
    try {
      await s.ready;
      return s;
    } catch (err) {
      if (err.name !== "ResourceInUseException" || attempt > 20) throw err;
      await sleep(500);
    }
  }
}

async function main() {
  const stream = "subscribe-main";
  const streamArn = await makeStream(stream);
  const c1 = await registerConsumer(streamArn, "c1");
  const c2 = await registerConsumer(streamArn, "c2");
  const c3 = await registerConsumer(streamArn, "c3");

  // LATEST, records put while subscribed.
  const latest = new Subscriber(c1, { Type: "LATEST" });
  await latest.ready;
  await waitFor("the first event", () => latest.events > 0);
  const first = await put(stream, "a", 300);
  await waitFor("300 records on LATEST", () => latest.records.length >= 300 || latest.ended);
  sameRecords(latest.records, first, "LATEST");

  // One live subscription per consumer and shard.
  await expectSubscribeError(c1, { Type: "LATEST" }, "ResourceInUseException");
  await expectSubscribeError(c1, { Type: "AT_SEQUENCE_NUMBER" }, "InvalidArgumentException");
  await expectSubscribeError(c1.replace("/consumer/c1:", "/consumer/nobody:"), { Type: "LATEST" }, "ResourceNotFoundException");

  // Stop, put while nobody listens, resume from the continuation: no gap, no duplicate.
  await waitFor("the continuation to reach the last record",
                () => latest.continuation === first[first.length - 1].seq);
  const continuation = latest.continuation;
  latest.stop();
  await latest.done;
  const gap = await put(stream, "b", 50);
  const resumed = await resubscribe(c1, {
    Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: continuation,
  });
  const late = await put(stream, "c", 50);
  await waitFor("100 records after resuming", () => resumed.records.length >= 100 || resumed.ended);
  sameRecords(resumed.records, [...gap, ...late], "AFTER_SEQUENCE_NUMBER");
  const all = [...first, ...gap, ...late];

  // TRIM_HORIZON from another consumer: everything, in order, in batched events.
  const horizon = new Subscriber(c2, { Type: "TRIM_HORIZON" });
  await horizon.ready;
  await waitFor("400 records on TRIM_HORIZON", () => horizon.records.length >= 400 || horizon.ended);
  sameRecords(horizon.records, all, "TRIM_HORIZON");
  check(horizon.events < 400, `TRIM_HORIZON took ${horizon.events} events: records not batched`);

  // AT_SEQUENCE_NUMBER starts at that very record.
  const at = new Subscriber(c3, { Type: "AT_SEQUENCE_NUMBER", SequenceNumber: all[123].seq });
  await at.ready;
  await waitFor("277 records from AT_SEQUENCE_NUMBER", () => at.records.length >= 277 || at.ended);
  sameRecords(at.records, all.slice(123), "AT_SEQUENCE_NUMBER");

  // A call 5 s or more after the live subscription started takes it over: the old stream ends
  // with ResourceInUseException.
  const takeover = await resubscribe(c3, { Type: "LATEST" });
  await waitFor("the taken-over subscription to end", () => at.ended);
  check(at.error === "ResourceInUseException", `taken-over subscription ended with ${at.error}`);

  // Deregistering a consumer ends its subscription with ResourceNotFoundException.
  await client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: c2 }));
  await waitFor("the deregistered consumer's stream to end", () => horizon.ended);
  check(horizon.error === "ResourceNotFoundException",
        `deregistered consumer's stream ended with ${horizon.error}`);

  // Deleting the stream ends the remaining ones the same way, and does not wait for them.
  await client.send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: true }));
  await waitFor("the deleted stream's subscriptions to end", () => resumed.ended && takeover.ended);
  check(resumed.error === "ResourceNotFoundException", `after delete: ${resumed.error}`);
  check(takeover.error === "ResourceNotFoundException", `after delete: ${takeover.error}`);
  console.log(`ok: main (${all.length} records; LATEST, AFTER, TRIM_HORIZON, AT; overlap, ` +
              `takeover, deregister, delete)`);
}

async function lifetime() {
  const stream = "subscribe-lifetime";
  const streamArn = await makeStream(stream);
  const c = await registerConsumer(streamArn, "c");
  const s = new Subscriber(c, { Type: "TRIM_HORIZON" });
  await s.ready;
  const before = await put(stream, "x", 20);
  await waitFor("the subscription's lifetime to end", () => s.ended, 30000);
  check(s.error === undefined, `the subscription ended with ${s.error}`);
  sameRecords(s.records, before, "before the end");
  check(s.keepalivesAfterRecords >= 1, "no keep-alive event while idle");
  check(s.continuation === before[before.length - 1].seq, "continuation is not the last record");
  const after = await put(stream, "y", 20);
  const again = await resubscribe(c, { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: s.continuation });
  await waitFor("20 records after renewing", () => again.records.length >= 20 || again.ended);
  sameRecords(again.records, after, "after renewing");
  again.stop();
  await again.done;
  await client.send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: true }));
  console.log("ok: lifetime (ended cleanly, renewed without gap or duplicate)");
}

if (mode === "main") await main();
else if (mode === "lifetime") await lifetime();
else fail(`unknown mode ${mode}`);
client.destroy();
process.exit(0);
