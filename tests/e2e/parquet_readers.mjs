// Cross-reader validation of millrace's Parquet files, and of millrace's reader on DuckDB's files.
//  1. `parquet_tool gen` writes a matrix of files (every type, codec, page version, dictionary
//     on/off, several row groups, random schemas) beside JSON files of the values written.
//     DuckDB (@duckdb/node-api), hyparquet (+ hyparquet-compressors) and parquet-wasm read every
//     file; every value must equal the expected one. parquet-wasm (arrow-rs) decodes the file
//     into Arrow and re-encodes it with arrow-rs, which DuckDB then reads: a value arrow-rs
//     misread shows up as a difference.
//  2. DuckDB writes files (each codec, V1/V2 pages, dictionaries, nested types, row groups);
//     `parquet_tool dump` reads them with millrace's reader; every value must equal DuckDB's.
// Usage: node parquet_readers.mjs <parquet_tool binary> [random_count]. Exit status 1 on failure.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { readParquet, writeParquet } from 'parquet-wasm'

const tool = process.argv[2]
const randomCount = process.argv[3] ?? '40'
if (!tool) {
  console.error('usage: node parquet_readers.mjs <parquet_tool> [random_count]')
  process.exit(2)
}

// ---- canonical values (see tests/parquet/value_json.h) ----

function hex(bytes) {
  return Buffer.from(bytes).toString('hex')
}

function canonNumber(x) {
  if (Number.isNaN(x)) return 'NaN'
  if (x === Infinity) return 'Infinity'
  if (x === -Infinity) return '-Infinity'
  return Object.is(x, -0) ? '-0' : String(x)
}

// The unscaled integer of a canonical decimal string at `scale`, as a decimal string.
function unscaled(text, scale) {
  const negative = text.startsWith('-')
  const [whole, frac = ''] = text.replace('-', '').split('.')
  const digits = BigInt(whole + frac.padEnd(scale, '0'))
  return String(negative ? -digits : digits)
}

// Brings an expected JSON value into the form the comparison uses.
function expected(v, type, reader) {
  if (v === null) return null
  switch (type.t) {
    case 'float':
    case 'double':
      return typeof v === 'string' ? v : canonNumber(v)
    case 'decimal':
      // hyparquet returns decimals as Numbers: compare with the same conversion.
      if (reader === 'hyparquet') return canonNumber(Number(BigInt(unscaled(v, type.scale))) / 10 ** type.scale)
      return unscaled(v, type.scale)
    case 'list':
      return v.map(x => expected(x, type.element, reader))
    case 'map': {
      const entries = v.map(([k, x]) => [expected(k, type.key, reader), expected(x, type.value, reader)])
      return reader === 'hyparquet' ? sortEntries(entries) : entries
    }
    case 'struct':
      return type.fields.map((f, i) => expected(v[i], f.type, reader))
    default:
      return v
  }
}

function sortEntries(entries) {
  return entries.sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1))
}

// DuckDB values (DuckDBValue classes) in canonical form.
function fromDuck(v, type) {
  if (v === null || v === undefined) return null
  switch (type.t) {
    case 'bool':
      return v
    case 'int32':
    case 'int64':
      return String(v)
    case 'float':
    case 'double':
      return canonNumber(v)
    case 'string':
      return v
    case 'binary':
      return hex(v.bytes)
    case 'date':
      return String(v.days)
    case 'ts': {
      const micros = v.micros ?? (v.millis !== undefined ? v.millis * 1000n : v.nanos / 1000n)
      if (type.unit === 'ms') return String(micros / 1000n)
      if (type.unit === 'ns') return String(v.nanos ?? micros * 1000n)
      return String(micros)
    }
    case 'decimal': {
      const value = typeof v === 'object' && 'value' in v ? v.value : BigInt(v)
      const scale = typeof v === 'object' && 'scale' in v ? v.scale : 0
      return String(value * 10n ** BigInt(type.scale - scale))
    }
    case 'list':
      return v.items.map(x => fromDuck(x, type.element))
    case 'map':
      return v.entries.map(e => [fromDuck(e.key, type.key), fromDuck(e.value, type.value)])
    case 'struct':
      return type.fields.map(f => fromDuck(v.entries[f.name], f.type))
    default:
      throw new Error(`no DuckDB conversion for type ${type.t}`)
  }
}

function fromHyparquet(v, type) {
  if (v === null || v === undefined) return null
  switch (type.t) {
    case 'bool':
    case 'string':
      return v
    case 'int32':
    case 'int64':
    case 'date':
    case 'ts':
      return String(v)
    case 'float':
    case 'double':
    case 'decimal':
      return canonNumber(v)
    case 'binary':
      return hex(v)
    case 'list':
      return Array.from(v, x => fromHyparquet(x, type.element))
    case 'map':
      return sortEntries(Object.entries(v).map(([k, x]) => [k, fromHyparquet(x, type.value)]))
    case 'struct':
      return type.fields.map(f => fromHyparquet(v[f.name], f.type))
    default:
      throw new Error(`no hyparquet conversion for type ${type.t}`)
  }
}

// ---- readers ----

const duck = await (await DuckDBInstance.create(':memory:')).connect()

function sqlString(s) {
  return `'${s.replaceAll("'", "''")}'`
}

async function readDuck(file) {
  const reader = await duck.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(file)})`)
  return reader.getRows()
}

async function readHyparquet(file) {
  const bytes = fs.readFileSync(file)
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  const rows = await parquetReadObjects({
    file: buffer,
    compressors,
    utf8: false,
    parsers: {
      timestampFromMilliseconds: v => v,
      timestampFromMicroseconds: v => v,
      timestampFromNanoseconds: v => v,
      dateFromDays: v => v,
    },
  })
  return rows
}

// parquet-wasm decodes into Arrow; its arrow-rs writer re-encodes, and DuckDB reads that.
async function readParquetWasm(file, scratch) {
  const table = readParquet(new Uint8Array(fs.readFileSync(file)))
  const again = path.join(scratch, 'wasm_' + path.basename(file))
  fs.writeFileSync(again, writeParquet(table))
  return readDuck(again)
}

// ---- comparison ----

let valuesCompared = 0

function firstDifference(want, got, where) {
  if (JSON.stringify(want) === JSON.stringify(got)) return null
  if (Array.isArray(want) && Array.isArray(got) && want.length === got.length) {
    for (let i = 0; i < want.length; i++) {
      const d = firstDifference(want[i], got[i], `${where}[${i}]`)
      if (d) return d
    }
  }
  return `${where}: expected ${JSON.stringify(want)}, read ${JSON.stringify(got)}`
}

// Compares `rows` (arrays of canonical values, one per column) with the expected file JSON.
function compare(name, reader, spec, rows) {
  const want = spec.rows.map(r => r.map((v, i) => expected(v, spec.columns[i].type, reader)))
  if (rows.length !== want.length) return `${name} [${reader}]: ${rows.length} rows, expected ${want.length}`
  const d = firstDifference(want, rows, 'row')
  valuesCompared += want.length * spec.columns.length
  return d && `${name} [${reader}]: ${d}`
}

// A negative control: the comparison must notice a changed value and a missing row.
{
  const spec = { columns: [{ name: 'a', type: { t: 'list', element: { t: 'decimal', scale: 2 } } }],
    rows: [[['1.50', null]], [null]] }
  const good = [[['150', null]], [null]]
  if (compare('control', 'duckdb', spec, good) !== null) throw new Error('control: equal rows differ')
  if (!compare('control', 'duckdb', spec, [[['151', null]], [null]])) throw new Error('control: change missed')
  if (!compare('control', 'duckdb', spec, good.slice(1))) throw new Error('control: missing row missed')
}

// The footer as DuckDB's own Thrift decoder sees it, against the expected values: row counts;
// and for top-level primitive columns, num_values, null counts and (integers, dates,
// timestamps) min/max statistics over all row groups.
let footerColumns = 0
let footerMinMax = 0
async function checkFooter(name, file, spec) {
  const reader = await duck.runAndReadAll(`SELECT row_group_id, row_group_num_rows, path_in_schema,
    num_values, stats_null_count, stats_min_value, stats_max_value
    FROM parquet_metadata(${sqlString(file)})`)
  const chunks = reader.getRowObjectsJS()
  const groups = new Map(chunks.map(c => [c.row_group_id, Number(c.row_group_num_rows)]))
  const rows = [...groups.values()].reduce((a, b) => a + b, 0)
  if (rows !== spec.rows.length) return `${name} [footer]: row groups hold ${rows} rows, expected ${spec.rows.length}`
  for (const [i, column] of spec.columns.entries()) {
    const t = column.type.t
    if (['list', 'map', 'struct'].includes(t)) continue
    const mine = chunks.filter(c => c.path_in_schema === column.name)
    if (mine.length !== groups.size) return `${name} [footer]: ${column.name} has ${mine.length} chunks`
    footerColumns++
    const values = spec.rows.map(r => r[i])
    const numValues = mine.reduce((a, c) => a + Number(c.num_values), 0)
    if (numValues !== values.length) return `${name} [footer]: ${column.name} num_values ${numValues}, expected ${values.length}`
    const nulls = mine.reduce((a, c) => a + Number(c.stats_null_count), 0)
    const wantNulls = values.filter(v => v === null).length
    if (nulls !== wantNulls) return `${name} [footer]: ${column.name} null_count ${nulls}, expected ${wantNulls}`
    if (!['int32', 'int64', 'date', 'ts'].includes(t)) continue
    const present = values.filter(v => v !== null).map(v => BigInt(v))
    if (present.length === 0) continue
    const stats = mine.filter(c => c.stats_min_value !== null)
    // DuckDB renders DATE/TIMESTAMP statistics as text: compare only plain integers exactly.
    if (t !== 'int32' && t !== 'int64') {
      if (stats.length === 0) return `${name} [footer]: ${column.name} has no min/max statistics`
      continue
    }
    const min = stats.map(c => BigInt(c.stats_min_value)).reduce((a, b) => (b < a ? b : a))
    const max = stats.map(c => BigInt(c.stats_max_value)).reduce((a, b) => (b > a ? b : a))
    const wantMin = present.reduce((a, b) => (b < a ? b : a))
    const wantMax = present.reduce((a, b) => (b > a ? b : a))
    footerMinMax++
    if (min !== wantMin || max !== wantMax) {
      return `${name} [footer]: ${column.name} min/max ${min}/${max}, expected ${wantMin}/${wantMax}`
    }
  }
  return null
}

const failures = []
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'millrace-parquet-'))
try {
  // 1. millrace writes, three readers read.
  const genDir = path.join(scratch, 'gen')
  fs.mkdirSync(genDir)
  execFileSync(tool, ['gen', genDir, randomCount], { stdio: ['ignore', 'inherit', 'inherit'] })
  const names = fs.readdirSync(genDir).filter(f => f.endsWith('.parquet')).map(f => f.slice(0, -8)).sort()
  let checked = 0
  for (const name of names) {
    const file = path.join(genDir, name + '.parquet')
    const spec = JSON.parse(fs.readFileSync(path.join(genDir, name + '.json'), 'utf8'))
    const types = spec.columns.map(c => c.type)
    const readers = {
      duckdb: async () => (await readDuck(file)).map(r => r.map((v, i) => fromDuck(v, types[i]))),
      hyparquet: async () =>
        (await readHyparquet(file)).map(r => spec.columns.map((c, i) => fromHyparquet(r[c.name], types[i]))),
      'parquet-wasm': async () =>
        (await readParquetWasm(file, scratch)).map(r => r.map((v, i) => fromDuck(v, types[i]))),
    }
    try {
      const failure = await checkFooter(name, file, spec)
      if (failure) failures.push(failure)
    } catch (e) {
      failures.push(`${name} [footer]: ${e.message}`)
    }
    for (const [reader, read] of Object.entries(readers)) {
      try {
        const failure = compare(name, reader, spec, await read())
        if (failure) failures.push(failure)
      } catch (e) {
        failures.push(`${name} [${reader}]: ${e.message}`)
      }
      checked++
    }
  }
  console.log(`millrace -> readers: ${names.length} files, ${checked} reads; footers: ` +
    `${footerColumns} columns' counts, ${footerMinMax} integer min/max`)

  // 2. DuckDB writes, millrace reads.
  const duckDir = path.join(scratch, 'duck')
  fs.mkdirSync(duckDir)
  const source = `
    SELECT i::INTEGER AS i32, CASE WHEN i % 5 = 0 THEN NULL ELSE i::BIGINT * 1000003 - 5000000 END AS i64,
      i % 3 = 0 AS flag, (i / 3)::FLOAT AS f32, CASE WHEN i % 11 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS f64,
      i::SMALLINT % 100 AS small, ('city_' || (i % 13)) AS dict_text,
      CASE WHEN i % 4 = 0 THEN NULL ELSE 'row ' || i || ' é€😀' END AS text,
      ('\\xAA\\x00'::BLOB || i::VARCHAR::BLOB) AS blob,
      DATE '1970-01-01' + (i * 37 - 20000)::INTEGER AS day,
      TIMESTAMP '2024-02-29 12:00:00' + to_microseconds(i * 1234567) AS at,
      (TIMESTAMPTZ '2024-02-29 12:00:00+00' + to_milliseconds(i * 3)) AS at_tz,
      (i * 1.25 - 700)::DECIMAL(9, 2) AS dec9, (i * 12345.6789)::DECIMAL(18, 4) AS dec18,
      (i::HUGEINT * 1000000000000000000000 + 7)::DECIMAL(38, 3) AS dec38,
      CASE WHEN i % 6 = 0 THEN NULL ELSE [i, NULL, i + 1][1:(i % 4)] END AS ints,
      [('t' || (i % 3)), NULL] AS tags,
      {'a': i, 'b': CASE WHEN i % 2 = 0 THEN NULL ELSE 'x' || i END, 'c': [i::DOUBLE]} AS rec,
      MAP {('k' || i): i * 2, 'z': NULL} AS attrs,
      [{'p': i, 'q': [DATE '2000-01-01' + i::INTEGER]}] AS nested
    FROM range(0, 5000) t(i)`
  const variants = []
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd']) {
    for (const version of ['V1', 'V2']) variants.push({ codec, version, rowGroup: codec === 'zstd' ? 1000 : 100000 })
  }
  for (const v of variants) {
    const file = path.join(duckDir, `duck_${v.codec}_${v.version}.parquet`)
    await duck.run(`COPY (${source}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION ${v.codec},
      PARQUET_VERSION ${v.version}, ROW_GROUP_SIZE ${v.rowGroup})`)
    let spec
    try {
      spec = JSON.parse(execFileSync(tool, ['dump', file], { maxBuffer: 1 << 30 }).toString())
    } catch (e) {
      failures.push(`${path.basename(file)} [millrace]: ${e.stderr ?? e.message}`)
      continue
    }
    const types = spec.columns.map(c => c.type)
    // What DuckDB itself reads is the truth; millrace's rows are the "expected" side here.
    const rows = (await readDuck(file)).map(r => r.map((x, i) => fromDuck(x, types[i])))
    const failure = compare(path.basename(file), 'millrace vs duckdb', spec, rows)
    if (failure) failures.push(failure)
  }
  console.log(`duckdb -> millrace: ${variants.length} files`)
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
}

for (const f of failures.slice(0, 40)) console.error('FAIL ' + f)
if (failures.length > 0) {
  console.error(`${failures.length} failures`)
  process.exit(1)
}
console.log(`all ${valuesCompared} values equal`)
if (valuesCompared < 100000) {
  console.error('too few values compared: the matrix did not run')
  process.exit(1)
}
