// The Glue Schema Registry with the AWS SDK for JavaScript v3 (@aws-sdk/client-glue).
// Usage: node glue_registry_js.mjs <endpoint>; prints "ok" when every check passes.
import {
  GlueClient, CreateRegistryCommand, CreateSchemaCommand, RegisterSchemaVersionCommand,
  GetSchemaVersionCommand, GetSchemaByDefinitionCommand, ListSchemaVersionsCommand,
  CheckSchemaVersionValidityCommand, GetSchemaCommand, EntityNotFoundException,
} from "@aws-sdk/client-glue";

const endpoint = process.argv[2];
const client = new GlueClient({
  endpoint, region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const fail = (msg) => { console.error(msg); process.exit(1); };
const expect = (cond, msg) => { if (!cond) fail(msg); };

const v1 = JSON.stringify({ type: "record", name: "Click", namespace: "web",
  fields: [{ name: "url", type: "string" }] });
const v2 = JSON.stringify({ type: "record", name: "Click", namespace: "web",
  fields: [{ name: "url", type: "string" }, { name: "ms", type: "long", default: 0 }] });
const v3 = JSON.stringify({ type: "record", name: "Click", namespace: "web",
  fields: [{ name: "url", type: "bytes" }, { name: "ms", type: "long", default: 0 },
           { name: "user", type: "string" }] });

await client.send(new CreateRegistryCommand({ RegistryName: "js-reg" }));
const created = await client.send(new CreateSchemaCommand({
  RegistryId: { RegistryName: "js-reg" }, SchemaName: "clicks", DataFormat: "AVRO",
  Compatibility: "BACKWARD_ALL", SchemaDefinition: v1 }));
expect(created.SchemaVersionStatus === "AVAILABLE", `create: ${JSON.stringify(created)}`);
const schemaId = { SchemaArn: created.SchemaArn };
const second = await client.send(new RegisterSchemaVersionCommand({ SchemaId: schemaId,
  SchemaDefinition: v2 }));
expect(second.VersionNumber === 2 && second.Status === "AVAILABLE", `v2: ${JSON.stringify(second)}`);
const third = await client.send(new RegisterSchemaVersionCommand({ SchemaId: schemaId,
  SchemaDefinition: v3 }));
expect(third.VersionNumber === 3 && third.Status === "FAILURE", `v3: ${JSON.stringify(third)}`);
const got = await client.send(new GetSchemaVersionCommand({ SchemaVersionId: second.SchemaVersionId }));
expect(got.SchemaDefinition === v2 && got.DataFormat === "AVRO", `get: ${JSON.stringify(got)}`);
expect(!Number.isNaN(Date.parse(got.CreatedTime)), `CreatedTime: ${got.CreatedTime}`);
const byDef = await client.send(new GetSchemaByDefinitionCommand({ SchemaId: schemaId,
  SchemaDefinition: v1 }));
expect(byDef.SchemaVersionId === created.SchemaVersionId, `by definition: ${JSON.stringify(byDef)}`);
const listed = await client.send(new ListSchemaVersionsCommand({ SchemaId: schemaId }));
expect(listed.Schemas.map((s) => s.Status).join() === "AVAILABLE,AVAILABLE,FAILURE",
  `list: ${JSON.stringify(listed.Schemas)}`);
const schema = await client.send(new GetSchemaCommand({ SchemaId: schemaId }));
expect(schema.LatestSchemaVersion === 2 && schema.NextSchemaVersion === 4,
  `schema: ${JSON.stringify(schema)}`);
const check = await client.send(new CheckSchemaVersionValidityCommand({ DataFormat: "JSON",
  SchemaDefinition: '{"type": 7}' }));
expect(check.Valid === false && check.Error.includes("#/type"), `validity: ${JSON.stringify(check)}`);
try {
  await client.send(new GetSchemaCommand({ SchemaId: { RegistryName: "js-reg", SchemaName: "nope" } }));
  fail("GetSchema of a missing schema succeeded");
} catch (e) {
  expect(e instanceof EntityNotFoundException, `wrong error: ${e.name}: ${e.message}`);
}
console.log("ok");
