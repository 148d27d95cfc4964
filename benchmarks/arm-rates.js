// Requests per second of the lab's ARM API (properties/arm-sdk runs it through the SDK; this measures the server):
// GETs of one protected item, and listings of every item of the vault (following nextLink), each for SECONDS with
// CONCURRENCY requests in flight over keep-alive HTTPS. Called by benchmarks/arm-rates.sh.
"use strict";
const https = require("node:https");
const { endpoint, token, vault, seconds = "5", concurrency = "8", only = "" } = Object.fromEntries(process.argv.slice(2).map(a => a.split("=")));
const agent = new https.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const base = `/subscriptions/00000000-0000-0000-0000-00000000a2e1/resourceGroups/asr-recovery/providers/Microsoft.RecoveryServices/vaults/${vault}`;

function get(url) {
  return new Promise((resolve, reject) => {
    https.get(url.startsWith("https:") ? url : `${endpoint}${url}`, { agent, headers: { authorization: `Bearer ${token}` } }, res => {
      const chunks = [];
      res.on("data", c => chunks.push(c));
      res.on("end", () => res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks))) : reject(new Error(`${res.statusCode} ${Buffer.concat(chunks)}`)));
    }).on("error", reject);
  });
}

async function list() {
  let count = 0;
  for (let url = `${base}/replicationProtectedItems?api-version=2023-06-01`; url;) {
    const page = await get(url);
    count += page.value.length;
    url = page.nextLink;
  }
  return count;
}

async function rate(name, work) {
  const end = Date.now() + Number(seconds) * 1000;
  let done = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Number(concurrency) }, async () => { while (Date.now() < end) { await work(); done++; } }));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${name}: ${done} in ${elapsed.toFixed(2)} s = ${(done / elapsed).toFixed(0)}/s`);
}

(async () => {
  const items = await list();
  const first = (await get(`${base}/replicationProtectedItems?api-version=2023-06-01`)).value.find(i => i.properties.protectionState !== "UnprotectedStatesBegin");
  if (!first) throw new Error("no protected item in the lab");
  const item = `${first.id}?api-version=2023-06-01`;
  if (only !== "list") await rate(`GET of protected item ${first.properties.friendlyName} (${first.properties.protectionState})`, () => get(item));
  if (only !== "item") await rate(`listing all ${items} items (${Math.ceil(items / 100)} pages of 100)`, list);
})().catch(e => { console.error(e.message); process.exit(1); });
