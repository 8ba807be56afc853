// kafkajs 2.2.4 against millrace: admin creates a topic, a producer sends keyed messages
// (gzip and uncompressed), a consumer group reads every one back. Usage:
//   node kafka_kafkajs.mjs HOST:PORT
// Exits 0 on success, 1 with a message otherwise.
import kafkajs from "kafkajs";

const { Kafka, CompressionTypes, logLevel } = kafkajs;
const broker = process.argv[2];
const kafka = new Kafka({ clientId: "kafkajs-e2e", brokers: [broker], logLevel: logLevel.ERROR });
const topic = "kafkajs-topic";
const total = 2000;

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) throw new Error(`topic missing from ${topics}`);
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  for (let batch = 0; batch < total / 100; batch++) {
    const messages = [];
    for (let i = batch * 100; i < (batch + 1) * 100; i++) {
      messages.push({ key: `k${i % 17}`, value: `value-${i}` });
    }
    await producer.send({
      topic,
      messages,
      compression: batch % 2 ? CompressionTypes.GZIP : CompressionTypes.None,
    });
  }
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: "kafkajs-group", maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Set();
  let duplicates = 0;
  const done = new Promise((resolve) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        const v = message.value.toString();
        if (seen.has(v)) duplicates++;
        seen.add(v);
        if (seen.size === total) resolve();
      },
    });
  });
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`timed out with ${seen.size}/${total}`)), 40000));
  await Promise.race([done, timeout]);
  await consumer.disconnect();
  if (duplicates !== 0) throw new Error(`${duplicates} duplicates`);
  for (let i = 0; i < total; i++) {
    if (!seen.has(`value-${i}`)) throw new Error(`value-${i} missing`);
  }
  console.log(`kafkajs: produced and consumed ${total} messages`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
