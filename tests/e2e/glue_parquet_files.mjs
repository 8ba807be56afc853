// Writes a Hive-partitioned Parquet table with DuckDB for the catalog-infer test.
// Usage: node glue_parquet_files.mjs <output dir>
// Layout: <out>/year=<y>/region=<r>/data_0.parquet, 12 rows per partition, nested columns too.
import { DuckDBInstance } from "@duckdb/node-api";

const [out] = process.argv.slice(2);
const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
await con.run(`COPY (
    SELECT i::BIGINT AS id, 'user-' || i AS name, (i * 1.25)::DECIMAL(10,2) AS score,
           TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS ts, DATE '2024-01-01' + i::INTEGER AS day,
           i % 2 = 0 AS flag, i::FLOAT AS ratio, (i % 100)::SMALLINT AS small,
           ['a', 'b'] AS tags, MAP {'k': i::INTEGER} AS attrs,
           {'lat': i * 0.5::DOUBLE, 'lon': -i * 0.5::DOUBLE} AS geo,
           CASE WHEN i % 3 = 0 THEN 2023 WHEN i % 3 = 1 THEN 2024 ELSE 9 END AS year,
           CASE WHEN i % 2 = 0 THEN 'eu' ELSE 'us' END AS region
      FROM range(72) t(i))
    TO '${out}' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (year, region))`);
console.log("written");
