// DuckDB reads Parquet that went into the lake through the S3 API.
// Usage: node lake_duckdb.mjs <edge url> <data dir> <scratch dir>
// DuckDB writes a hive-partitioned Parquet file locally; the AWS SDK for JavaScript uploads it
// with PutObject; DuckDB then reads the lake from disk with a glob and hive partitioning.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { S3Client, CreateBucketCommand, PutObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";

const [endpoint, dataDir, scratch] = process.argv.slice(2);
const s3 = new S3Client({
  endpoint, region: "us-east-1", forcePathStyle: true,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
const local = join(scratch, "events.parquet");
await con.run(`COPY (SELECT i AS id, 'user-' || (i % 10) AS user_name, i * 1.5 AS score
                     FROM range(1000) t(i)) TO '${local}' (FORMAT parquet, COMPRESSION snappy)`);

await s3.send(new CreateBucketCommand({ Bucket: "analytics" }));
const key = "events/dt=2024-01-02/part-0000.parquet";
await s3.send(new PutObjectCommand({ Bucket: "analytics", Key: key, Body: readFileSync(local),
                                     ContentType: "application/vnd.apache.parquet" }));
const head = await s3.send(new HeadObjectCommand({ Bucket: "analytics", Key: key }));
if (head.ContentLength !== readFileSync(local).length) throw new Error("size mismatch");

const glob = join(dataDir, "lake", "analytics", "**", "*.parquet");
const reader = await con.runAndReadAll(
  `SELECT count(*)::INTEGER AS n, sum(id)::BIGINT AS ids, min(dt)::VARCHAR AS dt, max(score)::DOUBLE AS top
     FROM read_parquet('${glob}', hive_partitioning = true)`);
const [row] = reader.getRowObjects();
if (row.n !== 1000 || row.ids !== 499500n || row.dt !== "2024-01-02" || row.top !== 1498.5) {
  throw new Error("unexpected result " + JSON.stringify(row, (k, v) => typeof v === "bigint" ? v.toString() : v));
}
console.log(`duckdb read ${row.n} rows`);
