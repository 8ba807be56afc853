// Put-to-subscriber latency of Kinesis SubscribeToShard with the AWS SDK for JavaScript v3 (its
// default HTTP/2 handler): one client puts COUNT single-record PutRecord calls at RATE per second
// to a one-shard stream while a second client is subscribed (LATEST) through an enhanced
// fan-out consumer. For each record it measures the time from just before PutRecord is sent to
// (a) the PutRecord answer (durable) and (b) the record's arrival in a SubscribeToShardEvent, and
// prints p50 / p99 / max of both and of (b) - (a), what the push adds on top of durability.
// Usage: node bench/kinesis_subscribe_latency.mjs <endpoint> [COUNT=2000] [RATE=200] [SIZE=100]
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(here, '../tests/e2e/package.json'))
const {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, RegisterStreamConsumerCommand,
  SubscribeToShardCommand, PutRecordCommand, DeleteStreamCommand,
} = require('@aws-sdk/client-kinesis')

const [endpoint, countArg, rateArg, sizeArg] = process.argv.slice(2)
if (!endpoint) {
  console.error('usage: node bench/kinesis_subscribe_latency.mjs <endpoint> [COUNT] [RATE] [SIZE]')
  process.exit(2)
}
const count = Number(countArg ?? 2000)
const rate = Number(rateArg ?? 200)
const size = Number(sizeArg ?? 100)
const options = {
  endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
}
const producer = new KinesisClient(options)
const consumer = new KinesisClient(options)
const now = () => Number(process.hrtime.bigint()) / 1e6  // milliseconds
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const stream = `subscribe-latency-${Date.now()}`
await producer.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }))
let streamArn
for (;;) {
  const d = (await producer.send(new DescribeStreamSummaryCommand({ StreamName: stream })))
    .StreamDescriptionSummary
  streamArn = d.StreamARN
  if (d.StreamStatus === 'ACTIVE') break
  await sleep(50)
}
const consumerArn = (await producer.send(new RegisterStreamConsumerCommand({
  StreamARN: streamArn, ConsumerName: 'latency',
}))).Consumer.ConsumerARN

const sentAt = new Map()   // record number -> time PutRecord was sent
const ackedAt = new Map()  // record number -> time its PutRecord was answered
const deliveredAt = new Map()
const ackMs = []
const deliverMs = []
let received = 0
const subscription = await consumer.send(new SubscribeToShardCommand({
  ConsumerARN: consumerArn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' },
}))
const reading = (async () => {
  for await (const ev of subscription.EventStream) {
    const records = ev.SubscribeToShardEvent?.Records ?? []
    const t = now()
    for (const r of records) {
      const n = Number(new TextDecoder().decode(r.Data.subarray(0, 12)))
      deliverMs.push(t - sentAt.get(n))
      deliveredAt.set(n, t)
      received++
    }
    if (received >= count) return
  }
})()

const padding = 'x'.repeat(Math.max(0, size - 12))
const start = now()
const puts = []
for (let i = 0; i < count; i++) {
  const due = start + (i * 1000) / rate
  const wait = due - now()
  if (wait > 0) await sleep(wait)
  const data = new TextEncoder().encode(String(i).padStart(12, '0') + padding)
  const t = now()
  sentAt.set(i, t)
  puts.push(producer.send(new PutRecordCommand({
    StreamName: stream, PartitionKey: `k${i % 16}`, Data: data,
  })).then(() => {
    const a = now()
    ackMs.push(a - t)
    ackedAt.set(i, a)
  }))
}
await Promise.all(puts)
const deadline = setTimeout(() => {
  console.error(`only ${received} of ${count} records arrived`)
  process.exit(1)
}, 60000)
await reading
clearTimeout(deadline)
const elapsed = (now() - start) / 1000

// How much later the subscriber had each record than the producer had its answer (negative:
// earlier): what the push adds on top of durability.
const afterAckMs = [...deliveredAt].map(([n, t]) => t - ackedAt.get(n))

function summary(values) {
  const s = [...values].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2)
  return `p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  max ${s[s.length - 1].toFixed(2)} ms`
}
console.log(`${count} records of ${size} B at ${rate}/s (${elapsed.toFixed(1)} s), 1 shard, LATEST`)
console.log(`  PutRecord answered (durable):  ${summary(ackMs)}`)
console.log(`  put -> SubscribeToShardEvent:  ${summary(deliverMs)}`)
console.log(`  event minus PutRecord answer:  ${summary(afterAckMs)}`)
await producer.send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: true }))
producer.destroy()
consumer.destroy()
process.exit(0)
