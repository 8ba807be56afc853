// DuckDB's side of bench/run-parquet: converts an NDJSON file (bench/gen_ndjson.py) to Parquet with
// SNAPPY on one thread and prints the time, input MB/s and output size.
// Usage: node duckdb_json_to_parquet.mjs <in.json> <out.parquet>
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(here, '../tests/e2e/package.json'))
const { DuckDBInstance } = require('@duckdb/node-api')

const [input, output] = process.argv.slice(2)
const columns = `{id: 'BIGINT', "at": 'TIMESTAMP', "user": 'VARCHAR', event: 'VARCHAR',
  amount: 'DECIMAL(10,2)', score: 'DOUBLE', qty: 'INTEGER', flag: 'BOOLEAN', day: 'DATE',
  note: 'VARCHAR'}`
const connection = await (await DuckDBInstance.create(':memory:')).connect()
await connection.run('SET threads=1')
const start = process.hrtime.bigint()
const cpuStart = process.cpuUsage()
await connection.run(`COPY (SELECT * FROM read_json('${input}', format='newline_delimited',
  columns=${columns})) TO '${output}' (FORMAT parquet, COMPRESSION snappy)`)
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const used = process.cpuUsage(cpuStart)
const cpu = (used.user + used.system) / 1e6
const inputBytes = fs.statSync(input).size
const mbs = s => (inputBytes / 1e6 / s).toFixed(1).padStart(7)
console.log(`duckdb    wall ${seconds.toFixed(2).padStart(7)} s ${mbs(seconds)} MB/s  cpu ${cpu.toFixed(2).padStart(7)} s ${mbs(cpu)} MB/s  output ${fs.statSync(output).size} bytes`)
