// Writes the JSON Schemas (draft 2020-12) of the ASR models the lab's ARM API answers with, extracted from the
// spec through the official SDK: @azure/arm-recoveryservices-siterecovery 5.1.0 ships the models of
// azure-rest-api-specs' recoveryservicessiterecovery stable/2023-06-01/service.json as AutoRest mappers
// (dist-esm/src/models/mappers.js). Every property the spec does not define is refused (additionalProperties:
// false), so a misspelt or invented field fails validation. Run: node schemas.mjs ../Lab.Tests/Arm/Schemas
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("@azure/arm-recoveryservices-siterecovery/package.json");
const mappers = await import("@azure/arm-recoveryservices-siterecovery/dist-esm/src/models/mappers.js");
const outDir = process.argv[2] ?? "schemas";

// The answers the lab serves, by the spec's model name.
const roots = [
  "Fabric", "FabricCollection", "ProtectionContainer", "ProtectionContainerCollection",
  "ReplicationProtectedItem", "ReplicationProtectedItemCollection", "RecoveryPoint", "RecoveryPointCollection",
  "Job", "JobCollection", "RecoveryPlan", "RecoveryPlanCollection", "Policy", "PolicyCollection",
  "VCenter", "VCenterCollection",
];

const byClass = new Map();
for (const m of Object.values(mappers)) if (m?.type?.className) byClass.set(m.type.className, m);
// Derived models of each polymorphic base: uberParent -> [className].
const derived = new Map();
for (const m of byClass.values()) {
  const t = m.type;
  if (t.uberParent && t.uberParent !== t.className && m.serializedName) {
    if (!derived.has(t.uberParent)) derived.set(t.uberParent, []);
    derived.get(t.uberParent).push(t.className);
  }
}

function typeSchema(type, defs) {
  switch (type.name) {
    case "String": return { type: "string" };
    case "Uuid": return { type: "string" };
    case "Number": return { type: "number" };
    case "Boolean": return { type: "boolean" };
    case "DateTime": case "DateTimeRfc1123": return { type: "string", format: "date-time" };
    case "Date": return { type: "string", format: "date" };
    case "TimeSpan": return { type: "string" };
    case "ByteArray": case "Base64Url": return { type: "string" };
    case "Object": return {};
    case "Enum": return { enum: type.allowedValues };
    case "Sequence": return { type: "array", items: typeSchema(type.element.type, defs) };
    case "Dictionary": return { type: "object", additionalProperties: typeSchema(type.value.type, defs) };
    case "Composite": {
      define(type.className, defs);
      const kinds = derived.get(type.className);
      if (kinds) {
        // A polymorphic base: one of its derived models by instanceType, or the base itself.
        const name = type.className + "Polymorphic";
        if (!defs[name]) {
          defs[name] = {};
          for (const k of kinds) define(k, defs);
          defs[name] = { anyOf: [...kinds.map(k => ({ $ref: `#/$defs/${k}` })), { $ref: `#/$defs/${type.className}` }] };
        }
        return { $ref: `#/$defs/${name}` };
      }
      return { $ref: `#/$defs/${type.className}` };
    }
    default: throw new Error(`unknown mapper type ${type.name}`);
  }
}

function define(className, defs) {
  if (defs[className]) return;
  const m = byClass.get(className);
  if (!m) throw new Error(`no mapper for ${className}`);
  defs[className] = {}; // placeholder against cycles
  const properties = {};
  const required = [];
  for (const [, p] of Object.entries(m.type.modelProperties ?? {})) {
    const path = p.serializedName.split(/(?<!\\)\./).map(s => s.replace(/\\\./g, "."));
    let schema = typeSchema(p.type, defs);
    if (p.nullable) schema = { anyOf: [schema, { type: "null" }] };
    if (p.constraints) Object.assign(schema, constraintsOf(p.constraints));
    // Flattened properties ("properties.x") nest under their parent object.
    let target = properties;
    for (let i = 0; i < path.length - 1; i++) {
      target[path[i]] ??= { type: "object", properties: {}, additionalProperties: false };
      target = target[path[i]].properties;
    }
    target[path.at(-1)] = schema;
    if (p.required && path.length === 1) required.push(path[0]);
  }
  const def = { type: "object", properties, additionalProperties: false };
  if (required.length) def.required = required;
  // A derived model names its kind.
  const disc = m.type.polymorphicDiscriminator?.serializedName;
  if (disc && m.serializedName && properties[disc]) properties[disc] = { const: m.serializedName };
  defs[className] = def;
}

function constraintsOf(c) {
  const s = {};
  if (c.Pattern) s.pattern = c.Pattern.source ?? String(c.Pattern);
  if (c.MinLength !== undefined) s.minLength = c.MinLength;
  if (c.MaxLength !== undefined) s.maxLength = c.MaxLength;
  if (c.InclusiveMinimum !== undefined) s.minimum = c.InclusiveMinimum;
  if (c.InclusiveMaximum !== undefined) s.maximum = c.InclusiveMaximum;
  return s;
}

mkdirSync(outDir, { recursive: true });
for (const root of roots) {
  const defs = {};
  define(root, defs);
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $comment: `ASR model ${root}: azure-rest-api-specs specification/recoveryservicessiterecovery/resource-manager/Microsoft.RecoveryServices/stable/2023-06-01/service.json, as generated into ${pkg.name} ${pkg.version} (dist-esm/src/models/mappers.js) and extracted by properties/arm-sdk/schemas.mjs`,
    $ref: `#/$defs/${root}`,
    $defs: defs,
  };
  writeFileSync(join(outDir, `${root}.json`), JSON.stringify(schema, null, 1) + "\n");
}
console.log(`${roots.length} schemas written to ${outDir}`);
