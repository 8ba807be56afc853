// Runs one SQL query with DuckDB (reading lake files from disk) and prints the rows as JSON.
// Usage: node firehose_duckdb.mjs "<sql>"
import { DuckDBInstance } from "@duckdb/node-api";

const [sql] = process.argv.slice(2);
const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
const reader = await con.runAndReadAll(sql);
console.log(JSON.stringify(reader.getRowObjects(),
                           (k, v) => (typeof v === "bigint" ? Number(v) : v)));
