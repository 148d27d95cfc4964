// A failback runbook written against Azure Site Recovery's REST API with the official SDK, unchanged for a lab but
// for the endpoint and the credential (README.md, "Testing your runbooks against a lab"). It protects a VMware VM to
// Azure, fails it over, fails it back to its original VM through the master target and protects it to Azure again,
// waiting on each job with the SDK's pollers. Run it against a lab served with `drill lab serve --https`:
//
//   NODE_EXTRA_CA_CERTS=labs/lab-https.pem LAB_ENDPOINT=https://127.0.0.1:5080 LAB_TOKEN=... LAB_VAULT=cycle \
//     node runbook.js app-01
"use strict";
const { SiteRecoveryManagementClient } = require("@azure/arm-recoveryservices-siterecovery");

/** A TokenCredential (@azure/core-auth) that hands out the lab's token. */
function labCredential(token) {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600 * 1000 }) };
}

function labClient({ endpoint, token, subscription, options = {} }) {
  return new SiteRecoveryManagementClient(labCredential(token), subscription, {
    endpoint,
    credentialScopes: [`${endpoint}/.default`],
    ...options,
  });
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The vault's VMware fabric, its container and the protected item whose friendly name is `vm`. */
async function locate(client, vault, group, vm) {
  for await (const fabric of client.replicationFabrics.list(vault, group)) {
    if (fabric.properties?.customDetails?.instanceType !== "VMware") continue;
    for await (const container of client.replicationProtectionContainers.listByReplicationFabrics(vault, group, fabric.name)) {
      for await (const item of client.replicationProtectedItems.listByReplicationProtectionContainers(vault, group, fabric.name, container.name))
        if (item.properties?.friendlyName === vm) return { fabric, container: container.name, item: item.name };
    }
  }
  throw new Error(`no protected item named ${vm} in vault ${vault}`);
}

/** Polls the item until its protectionState is `state` (initial replication runs after the enabling job ends). */
async function waitForState(client, vault, group, where, state, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const item = await client.replicationProtectedItems.get(vault, group, where.fabric.name, where.container, where.item);
    if (item.properties.protectionState === state) return item;
    if (Date.now() > end) throw new Error(`${item.properties.friendlyName} is ${item.properties.protectionState}, not ${state}, after ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** The whole cycle; `log` receives one line per stage. Returns the item as it ends. */
async function failback(client, { vault, group, vm, log = () => {} }) {
  const where = await locate(client, vault, group, vm);
  const servers = where.fabric.properties.customDetails;
  const server = name => servers.processServers.find(p => p.friendlyName === name).id;
  const args = [vault, group, where.fabric.name, where.container, where.item];

  // 1. Enable protection to Azure through the on-premises process server, then wait for initial replication.
  await client.replicationProtectedItems.beginCreateAndWait(...args, {
    properties: { providerSpecificDetails: { instanceType: "InMageAzureV2", processServerId: server("ps-onprem") } },
  });
  await waitForState(client, vault, group, where, "Protected");
  log("protected to Azure");

  // 2. A disaster-recovery drill first: test failover into the vault's isolated network (no networkId) while
  //    replication goes on, then its cleanup with the drill's notes.
  await client.replicationProtectedItems.beginTestFailoverAndWait(...args, {
    properties: { failoverDirection: "PrimaryToRecovery", networkType: "NoNetworkAttachAsInput", providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  });
  await client.replicationProtectedItems.beginTestFailoverCleanupAndWait(...args, { properties: { comments: "DR drill: the test VM booted" } });
  log("test failover drilled and cleaned up");

  // 3. The site is down: unplanned failover to Azure at the latest point, then commit.
  await client.replicationProtectedItems.beginUnplannedFailoverAndWait(...args, {
    properties: { failoverDirection: "PrimaryToRecovery", providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  });
  await client.replicationProtectedItems.beginFailoverCommitAndWait(...args);
  log("failed over to Azure and committed");

  // 4. Reprotect from Azure back to the original VM: InMageReprotectInput names the master target, the process
  //    server in Azure, the datastore, the retention drive and the failback policy.
  const policies = [];
  for await (const policy of client.replicationPolicies.list(vault, group)) policies.push(policy);
  const failbackPolicy = policies.find(p => p.properties.providerSpecificDetails.instanceType === "InMage");
  await client.replicationProtectedItems.beginReprotectAndWait(...args, {
    properties: {
      failoverDirection: "RecoveryToPrimary",
      providerSpecificDetails: {
        instanceType: "InMage",
        masterTargetId: servers.masterTargetServers.find(m => m.name === "mt-01").id,
        processServerId: server("ps-azure"),
        datastoreName: "DS1",
        retentionDrive: "R:",
        profileId: failbackPolicy.id,
      },
    },
  });
  await waitForState(client, vault, group, where, "Protected");
  log("reprotected to on-premises");

  // 5. Fail back at the latest point, commit, and protect to Azure again (InMageAzureV2ReprotectInput).
  await client.replicationProtectedItems.beginUnplannedFailoverAndWait(...args, {
    properties: { failoverDirection: "RecoveryToPrimary", providerSpecificDetails: { instanceType: "InMage", recoveryPointType: "LatestTime" } },
  });
  await client.replicationProtectedItems.beginFailoverCommitAndWait(...args);
  log("failed back and committed");
  await client.replicationProtectedItems.beginReprotectAndWait(...args, {
    properties: { failoverDirection: "RecoveryToPrimary", providerSpecificDetails: { instanceType: "InMageAzureV2", processServerId: server("ps-onprem") } },
  });
  const item = await waitForState(client, vault, group, where, "Protected");
  log("protected to Azure again");
  return item;
}

module.exports = { labClient, labCredential, locate, waitForState, failback };

if (require.main === module) {
  const env = name => process.env[name] ?? (() => { throw new Error(`set ${name}`); })();
  const client = labClient({
    endpoint: env("LAB_ENDPOINT"),
    token: env("LAB_TOKEN"),
    subscription: process.env.LAB_SUBSCRIPTION ?? "00000000-0000-0000-0000-00000000a2e1",
  });
  failback(client, { vault: env("LAB_VAULT"), group: process.env.LAB_RESOURCE_GROUP ?? "asr-recovery", vm: process.argv[2] ?? "app-01", log: console.log })
    .then(item => console.log(JSON.stringify({ protectionState: item.properties.protectionState, activeLocation: item.properties.activeLocation })))
    .catch(e => { console.error(`runbook failed: ${e.code ?? ""} ${e.message}`); process.exit(1); });
}
