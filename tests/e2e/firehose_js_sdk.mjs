// Firehose with the AWS SDK for JavaScript v3 (a current service model: MSKAsSource,
// FileExtension, CustomTimeZone, a 0 s buffer interval). Usage: node firehose_js_sdk.mjs
// <endpoint> <data dir> <kafka topic>. Prints the delivered object keys as JSON.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import {
  FirehoseClient, CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand,
  PutRecordBatchCommand, ListDeliveryStreamsCommand,
} from "@aws-sdk/client-firehose";

const [endpoint, dataDir, topic] = process.argv.slice(2);
const client = new FirehoseClient({
  endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const fail = (msg) => { console.error(msg); process.exit(1); };
const destination = (prefix) => ({
  RoleARN: "arn:aws:iam::000000000000:role/r", BucketARN: "arn:aws:s3:::lake", Prefix: prefix,
  ErrorOutputPrefix: prefix + "errors/!{firehose:error-output-type}/",
  BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, FileExtension: ".jsonl",
  CustomTimeZone: "Asia/Tokyo",
});

await client.send(new CreateDeliveryStreamCommand({
  DeliveryStreamName: "js-direct", DeliveryStreamType: "DirectPut",
  ExtendedS3DestinationConfiguration: destination("js/!{timestamp:yyyy-MM-dd}/"),
}));
await client.send(new CreateDeliveryStreamCommand({
  DeliveryStreamName: "js-msk", DeliveryStreamType: "MSKAsSource",
  MSKSourceConfiguration: {
    MSKClusterARN: "arn:aws:kafka:us-east-1:000000000000:cluster/c/1", TopicName: topic,
    AuthenticationConfiguration: { RoleARN: "arn:aws:iam::000000000000:role/r",
                                   Connectivity: "PRIVATE" },
  },
  ExtendedS3DestinationConfiguration: destination("msk/"),
}));
const d = (await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: "js-msk" })))
  .DeliveryStreamDescription;
if (d.Source?.MSKSourceDescription?.TopicName !== topic) fail("MSK source not described");
const ext = d.Destinations[0].ExtendedS3DestinationDescription;
if (ext.FileExtension !== ".jsonl" || ext.CustomTimeZone !== "Asia/Tokyo") fail("lost settings");
const names = (await client.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames;
if (!names.includes("js-direct") || !names.includes("js-msk")) fail("not listed: " + names);

const records = [];
for (let i = 0; i < 100; i++) records.push({ Data: new TextEncoder().encode(`js ${i}\n`) });
const r = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: "js-direct",
                                                        Records: records }));
if (r.FailedPutCount !== 0 || r.RequestResponses.length !== 100) fail("batch failed");

const root = join(dataDir, "lake", "lake");
const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
const deadline = Date.now() + 30000;
let delivered = "";
let keys = [];
while (Date.now() < deadline) {
  try { keys = walk(join(root, "js")); } catch { keys = []; }
  delivered = keys.map((k) => readFileSync(k, "utf8")).join("");
  if (delivered.split("\n").length > 100) break;
  await new Promise((res) => setTimeout(res, 100));
}
const want = records.map((x) => new TextDecoder().decode(x.Data)).join("");
if ([...delivered].sort().join("") !== [...want].sort().join("")) fail("records differ");
console.log(JSON.stringify(keys.map((k) => relative(root, k))));
