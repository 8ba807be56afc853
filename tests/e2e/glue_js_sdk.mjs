// One Glue round trip with the AWS SDK for JavaScript v3 and its default HTTP handler:
// GetTables (with a paginator) and GetPartitions on what the Python test created.
// Usage: node glue_js_sdk.mjs <endpoint> <database> <expected table count>
import { GlueClient, GetTablesCommand, GetPartitionsCommand, paginateGetTables } from "@aws-sdk/client-glue";

const [endpoint, database, expected] = process.argv.slice(2);
const client = new GlueClient({
  endpoint, region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const fail = (msg) => { console.error(msg); process.exit(1); };

const first = await client.send(new GetTablesCommand({ DatabaseName: database }));
if (first.TableList.length !== Number(expected)) fail(`GetTables: ${JSON.stringify(first)}`);
const table = first.TableList[0];
if (!(table.CreateTime instanceof Date) || isNaN(table.CreateTime.getTime())) {
  fail(`CreateTime is not a date: ${table.CreateTime}`);
}
const names = [];
for await (const page of paginateGetTables({ client, pageSize: 1 }, { DatabaseName: database })) {
  for (const t of page.TableList) names.push(t.Name);
}
if (names.length !== Number(expected)) fail(`paginated GetTables gave ${names}`);
const parts = await client.send(new GetPartitionsCommand({
  DatabaseName: database, TableName: table.Name, Expression: "year >= 2024",
}));
console.log(JSON.stringify({
  tables: names, columns: table.StorageDescriptor.Columns.map((c) => `${c.Name}:${c.Type}`),
  partitions: parts.Partitions.map((p) => p.Values),
}));
try {
  await client.send(new GetTablesCommand({ DatabaseName: "no_such_db" }));
  fail("GetTables on a missing database succeeded");
} catch (e) {
  if (e.name !== "EntityNotFoundException") fail(`unexpected error ${e.name}: ${e.message}`);
}
