// PutRecords / GetRecords with the AWS SDK for JavaScript v3 and its default HTTP handler for
// Kinesis (HTTP/2, h2c against a plain-http endpoint). Usage: node kinesis_js_sdk.mjs <endpoint>
import {
  KinesisClient, CreateStreamCommand, PutRecordsCommand, GetShardIteratorCommand,
  GetRecordsCommand, ListShardsCommand, DeleteStreamCommand,
} from "@aws-sdk/client-kinesis";

const endpoint = process.argv[2];
const client = new KinesisClient({
  endpoint, region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const fail = (msg) => { console.error(msg); process.exit(1); };

await client.send(new CreateStreamCommand({ StreamName: "js", ShardCount: 2 }));
const sent = [];
for (let b = 0; b < 4; b++) {
  const records = [];
  for (let i = 0; i < 250; i++) {
    const n = b * 250 + i;
    records.push({ Data: new TextEncoder().encode(`js-${n}`), PartitionKey: `k${n % 13}` });
  }
  const r = await client.send(new PutRecordsCommand({ StreamName: "js", Records: records }));
  if (r.FailedRecordCount !== 0) fail(`PutRecords failed: ${JSON.stringify(r)}`);
  r.Records.forEach((x, i) => sent.push({ n: b * 250 + i, shard: x.ShardId, seq: x.SequenceNumber }));
}
const shards = (await client.send(new ListShardsCommand({ StreamName: "js" }))).Shards;
if (shards.length !== 2) fail(`expected 2 shards, got ${shards.length}`);
let total = 0;
for (const shard of shards) {
  let it = (await client.send(new GetShardIteratorCommand({
    StreamName: "js", ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON",
  }))).ShardIterator;
  const got = [];
  for (;;) {
    const r = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 100 }));
    for (const rec of r.Records) got.push([new TextDecoder().decode(rec.Data), rec.SequenceNumber]);
    if (r.Records.length === 0) break;
    it = r.NextShardIterator;
  }
  const want = sent.filter((x) => x.shard === shard.ShardId).map((x) => [`js-${x.n}`, x.seq]);
  if (JSON.stringify(got) !== JSON.stringify(want)) fail(`shard ${shard.ShardId} differs`);
  total += got.length;
}
if (total !== 1000) fail(`read ${total} records`);
await client.send(new DeleteStreamCommand({ StreamName: "js" }));
client.destroy();
console.log("ok: 1000 records put and read back in order over HTTP/2");
