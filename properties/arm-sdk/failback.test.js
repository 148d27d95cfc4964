// The official Azure SDK for Site Recovery (@azure/arm-recoveryservices-siterecovery 5.1.0) as the judge of the lab's
// ARM API: a real lab host on loopback over HTTPS (its self-signed certificate trusted through NODE_EXTRA_CA_CERTS or
// the client's tlsOptions), no HTTP mocked. The runbook of README.md runs the whole failback cycle; then refusals reach
// the SDK as ASR's errors and leave the lab as it was. Needs the lab host built (dotnet build Lab -c Release).
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const https = require("node:https");
const net = require("node:net");
const { ComputeManagementClient } = require("@azure/arm-compute");
const { NetworkManagementClient } = require("@azure/arm-network");
const { labClient, locate, waitForState } = require("./runbook.js");

const root = path.resolve(__dirname, "../..");
const labDll = [process.env.LAB_DLL, path.join(root, "Lab/bin/Release/net10.0/Lab.dll"), path.join(root, ".build/lab/Lab.dll")]
  .find(p => p && fs.existsSync(p));
const subscription = "00000000-0000-0000-0000-00000000a2e1";
const group = "asr-recovery";
const drill = path.join(__dirname, "failback-lab.yaml");

let dir, host, endpoint, pem;
const labs = {};

function lab(...args) {
  return execFileSync("dotnet", [labDll, ...args, "--dir", dir], { encoding: "utf8" });
}

function create(name, file = drill) {
  const out = lab("create", file, "--name", name, "--speed", "3600x");
  const token = kind => out.match(new RegExp(`${kind} token:\\s+(\\S+)`))[1];
  labs[name] = { trainee: token("trainee"), instructor: token("instructor") };
}

function freePort() {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A request to the lab's own API (/lab/v1), trusting the lab's certificate. */
function labApi(method, route, token, body) {
  return new Promise((resolve, reject) => {
    const request = https.request(`${endpoint}/lab/v1/labs/${route}`, {
      method, ca: fs.readFileSync(pem), headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    }, response => {
      let text = "";
      response.on("data", chunk => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode, body: text ? JSON.parse(text) : null }));
    });
    request.on("error", reject);
    request.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Waits until the lab's step `step` (a vSphere task takes virtual time) has ended, through the instructor's action log. */
async function stepEnded(name, step) {
  for (const end = Date.now() + 60_000; Date.now() < end; await new Promise(r => setTimeout(r, 200))) {
    const actions = await labApi("GET", `${name}/actions`, labs[name].instructor);
    const action = actions.body.find(a => a.step === step);
    if (action?.end) return assert.equal(action.outcome, "done", JSON.stringify(action));
  }
  assert.fail(`step ${step} of ${name} did not end within 60 s`);
}

function client(name, token = labs[name].trainee) {
  return labClient({ endpoint, token, subscription, options: { tlsOptions: { ca: fs.readFileSync(pem) } } });
}

async function list(iterable) {
  const all = [];
  for await (const value of iterable) all.push(value);
  return all;
}

before(async () => {
  assert.ok(labDll, "the lab host is not built: run dotnet build Lab -c Release first");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "arm-sdk-"));
  create("cycle");
  create("refusals");
  create("cancel");
  create("plans");
  // A vault of 150 VMs, more than one page of a list.
  const vms = Array.from({ length: 150 }, (_, i) => `    - {name: web${String(i + 1).padStart(3, "0")}, host: esxi-01, datastore: DS1, disks: [1MiB], ip: 10.0.${20 + Math.floor((i + 1) / 200)}.${10 + ((i + 1) % 200)}}`);
  fs.writeFileSync(path.join(dir, "many.yaml"), ["title: 150 VMs", "seed: 2", "topology:",
    "  hosts: [{name: esxi-01, version: 7.0.0, edition: enterprise}]", "  datastores: [{name: DS1, hosts: [esxi-01], capacity: 1TiB}]",
    "  vms:", ...vms, "  azure: {resource-group: rg-many}", "steps:", "  - wait: 1m", ""].join("\n"));
  create("many", path.join(dir, "many.yaml"));
  const port = await freePort();
  host = spawn("dotnet", [labDll, "serve", "--dir", dir, "--port", String(port), "--https"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab host did not start within 60 s: ${output}`)), 60_000);
    const read = chunk => {
      output += chunk;
      const served = output.match(/serving the labs of .* on (https:\/\/[^/\s]+)/);
      const trusted = output.match(/clients trust (\S+)/);
      if (served && trusted) {
        clearTimeout(timer);
        endpoint = served[1];
        pem = trusted[1];
        resolve();
      }
    };
    host.stdout.on("data", read);
    host.stderr.on("data", read);
    host.on("exit", code => reject(new Error(`the lab host exited (${code}): ${output}`)));
  });
});

after(() => {
  host?.kill("SIGTERM");
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Waits until the paced lab's virtual time has made COUNT recovery points of the item (a runbook polls the same list). */
async function waitForPoints(sdk, args, count) {
  for (let i = 0; (await list(sdk.recoveryPoints.listByReplicationProtectedItems(...args))).length < count; i++) {
    assert.ok(i < 600, `fewer than ${count} recovery point(s) after 60 s`);
    await new Promise(r => setTimeout(r, 100));
  }
}

test("the runbook runs the whole failback cycle through the SDK, trusting the lab's certificate by NODE_EXTRA_CA_CERTS", async () => {
  const run = spawn(process.execPath, [path.join(__dirname, "runbook.js"), "app-01"], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: pem, LAB_ENDPOINT: endpoint, LAB_TOKEN: labs.cycle.trainee, LAB_VAULT: "cycle" },
  });
  let out = "";
  let err = "";
  run.stdout.on("data", c => (out += c));
  run.stderr.on("data", c => (err += c));
  const code = await new Promise(resolve => run.on("exit", resolve));
  assert.equal(code, 0, `the runbook failed: ${err}${out}`);
  assert.deepEqual(out.trim().split("\n").slice(0, 6), [
    "protected to Azure", "test failover drilled and cleaned up", "failed over to Azure and committed", "reprotected to on-premises", "failed back and committed", "protected to Azure again",
  ]);

  // The end state, read back through the SDK.
  const sdk = client("cycle");
  const where = await locate(sdk, "cycle", group, "app-01");
  const item = await sdk.replicationProtectedItems.get("cycle", group, where.fabric.name, where.container, where.item);
  assert.equal(item.properties.protectionState, "Protected");
  assert.equal(item.properties.activeLocation, "Primary");
  assert.equal(item.properties.providerSpecificDetails.instanceType, "InMageAzureV2");
  assert.deepEqual(item.properties.allowedOperations, ["UnplannedFailover", "DisableProtection", "TestFailover"]);
  assert.ok(item.properties.lastSuccessfulFailoverTime instanceof Date, "the SDK reads the last failover's time as a Date");

  // The setup's infrastructure jobs (Add vCenter server, two process servers, the master target), then the cycle's nine,
  // in order, every one succeeded; the $filter finds them by state and by name.
  const jobs = await list(sdk.replicationJobs.list("cycle", group));
  assert.deepEqual(jobs.map(j => j.properties.scenarioName),
    ["DiscoverVCenter", "RegisterProcessServer", "RegisterProcessServer", "RegisterMasterTargetServer", "EnableProtection", "TestFailover", "TestFailoverCleanup", "UnplannedFailover", "Commit", "ReverseReplicate", "UnplannedFailover", "Commit", "ReverseReplicate"]);
  assert.ok(jobs.every(j => j.properties.state === "Succeeded" && j.properties.stateDescription === "Completed"));
  assert.ok(jobs.filter(j => j.properties.targetInstanceType === "ProtectionEntity")
    .every(j => j.properties.targetObjectName === "app-01" && j.properties.tasks.length >= 2));
  assert.equal((await list(sdk.replicationJobs.list("cycle", group, { filter: "jobStatus eq 'Failed'" }))).length, 0);
  assert.equal((await list(sdk.replicationJobs.list("cycle", group, { filter: "jobName eq 'ReverseReplicate'" }))).length, 2);

  // The forward policy and its failback policy; the item's recovery points.
  const policies = await list(sdk.replicationPolicies.list("cycle", group));
  assert.deepEqual(policies.map(p => p.properties.providerSpecificDetails.instanceType).sort(), ["InMage", "InMageAzureV2"]);
  const failbackPolicy = policies.find(p => p.properties.providerSpecificDetails.instanceType === "InMage");
  assert.equal(failbackPolicy.properties.providerSpecificDetails.recoveryPointThresholdInMinutes, 15);
  assert.equal(failbackPolicy.properties.providerSpecificDetails.recoveryPointHistory, 24 * 60);
  const points = await list(sdk.recoveryPoints.listByReplicationProtectedItems("cycle", group, where.fabric.name, where.container, where.item));
  assert.ok(points.length > 0 && points.every(p => p.properties.recoveryPointTime instanceof Date));
});

test("refused operations reach the SDK as ASR's errors and leave the lab unchanged", async () => {
  const sdk = client("refusals");
  const where = await locate(sdk, "refusals", group, "app-01");
  const args = ["refusals", group, where.fabric.name, where.container, where.item];
  const item = () => sdk.replicationProtectedItems.get(...args);
  const server = name => where.fabric.properties.customDetails.processServers.find(p => p.friendlyName === name).id;
  // The configuration server's run-as accounts: ids and names, never a password; enable takes one by its accountId.
  const accounts = where.fabric.properties.customDetails.runAsAccounts;
  assert.deepEqual(accounts.map(a => a.accountName), ["vcenter-ops"]);
  assert.ok(accounts.every(a => Object.keys(a).sort().join() === "accountId,accountName"));
  await assert.rejects(sdk.replicationProtectedItems.beginCreateAndWait(...args, {
    properties: { providerSpecificDetails: { instanceType: "InMageAzureV2", processServerId: server("ps-onprem"), runAsAccountId: "99" } },
  }), e => e.name === "RestError" && e.code === "FB7012");
  await sdk.replicationProtectedItems.beginCreateAndWait(...args, {
    properties: { providerSpecificDetails: { instanceType: "InMageAzureV2", processServerId: server("ps-onprem"), runAsAccountId: accounts[0].accountId } },
  });
  await waitForState(sdk, "refusals", group, where, "Protected");
  const jobsBefore = (await list(sdk.replicationJobs.list("refusals", group))).length;
  const before = (await item()).properties;

  // Commit before any failover: the item's state machine refuses it before any job (ASR's FB1001, CYC-1).
  await assert.rejects(sdk.replicationProtectedItems.beginFailoverCommitAndWait(...args), e => {
    assert.equal(e.name, "RestError");
    assert.equal(e.statusCode, 400);
    assert.equal(e.code, "FB1001");
    assert.match(e.message, /not allowed/);
    return true;
  });
  // Reprotect with the failback provider's input while the machine runs on-premises: refused by direction (FB1101).
  await assert.rejects(sdk.replicationProtectedItems.beginReprotectAndWait(...args, {
    properties: { providerSpecificDetails: { instanceType: "InMage", masterTargetId: "mt-1", processServerId: server("ps-azure"), retentionDrive: "R:", profileId: "x" } },
  }), e => e.name === "RestError" && e.code === "FB1101");
  // Planned failover is Hyper-V's: ASR refuses it for the classic VMware provider.
  await assert.rejects(sdk.replicationProtectedItems.beginPlannedFailoverAndWait(...args, {
    properties: { failoverDirection: "PrimaryToRecovery", providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  }), e => e.name === "RestError" && e.code === "InvalidParameter" && /not supported for InMageAzureV2 provider/.test(e.message));
  // An operation the engine does not run yet.
  await assert.rejects(sdk.replicationProtectedItems.beginFailoverCancelAndWait(...args),
    e => e.name === "RestError" && e.code === "OperationNotSupportedInLab");
  // Test failover into a network outside the vault's resource group.
  await assert.rejects(sdk.replicationProtectedItems.beginTestFailoverAndWait(...args, {
    properties: { failoverDirection: "PrimaryToRecovery", networkType: "VmNetworkAsInput", networkId: `/subscriptions/${subscription}/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/x`, providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  }), e => e.name === "RestError" && e.code === "InvalidRequestContent");
  const after = (await item()).properties;
  assert.equal(after.protectionState, before.protectionState);
  assert.deepEqual(after.allowedOperations, before.allowedOperations);
  assert.equal((await list(sdk.replicationJobs.list("refusals", group))).length, jobsBefore, "a refusal starts no job");

  // Fail over, commit, then a snapshot appears on the original VM: reprotect is refused at once with PRE-4's error
  // (FB2004), before any job, and the lab is as it was: no job, the item still failed over and committed.
  // Recovery points come as the paced lab's virtual time passes: wait for two, so there is another to change to.
  await waitForPoints(sdk, args, 2);
  await sdk.replicationProtectedItems.beginUnplannedFailoverAndWait(...args, {
    properties: { failoverDirection: "PrimaryToRecovery", providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  });
  // Before the commit, ChangePit is offered and applyRecoveryPoint moves the VM to another of the item's points;
  // a point that is not the item's is refused as ASR refuses it.
  assert.ok((await item()).properties.allowedOperations.includes("ChangePit"));
  const points = await list(sdk.recoveryPoints.listByReplicationProtectedItems(...args));
  assert.ok(points.length > 1, `recovery points after the failover: ${points.length}`);
  await sdk.replicationProtectedItems.beginApplyRecoveryPointAndWait(...args, {
    properties: { recoveryPointId: points[0].id, providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  });
  await assert.rejects(sdk.replicationProtectedItems.beginApplyRecoveryPointAndWait(...args, {
    properties: { recoveryPointId: `${points[0].id}-not-a-point`, providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  }), e => e.name === "RestError" && e.code === "FB1201" && /not available/.test(e.message));
  const changed = (await list(sdk.replicationJobs.list("refusals", group))).filter(j => /recovery point/i.test(j.properties.friendlyName));
  assert.ok(changed.some(j => j.properties.state === "Succeeded"), JSON.stringify(changed.map(j => [j.properties.friendlyName, j.properties.state])));
  await sdk.replicationProtectedItems.beginFailoverCommitAndWait(...args);
  const snapshot = await labApi("POST", "refusals/steps", labs.refusals.trainee, { "take-snapshot": { vm: "app-01" } });
  assert.ok([200, 202].includes(snapshot.status), JSON.stringify(snapshot.body));
  await stepEnded("refusals", snapshot.body.step);
  const committed = (await item()).properties;
  const policies = await list(sdk.replicationPolicies.list("refusals", group));
  const jobsAtSnapshot = (await list(sdk.replicationJobs.list("refusals", group))).map(j => j.name);
  const reprotect = () => sdk.replicationProtectedItems.beginReprotectAndWait(...args, {
    properties: {
      failoverDirection: "RecoveryToPrimary",
      providerSpecificDetails: {
        instanceType: "InMage", masterTargetId: where.fabric.properties.customDetails.masterTargetServers[0].id, processServerId: server("ps-azure"),
        datastoreName: "DS1", retentionDrive: "R:", profileId: policies.find(p => p.properties.providerSpecificDetails.instanceType === "InMage").id,
      },
    },
  });
  await assert.rejects(reprotect(), e => {
    // The vault's preflight answered synchronously: ASR's error as a RestError, not a failed poll.
    assert.equal(e.name, "RestError", e.message);
    assert.equal(e.statusCode, 400);
    assert.equal(e.code, "FB2004");
    assert.match(e.message, /snapshot/i);
    return true;
  });
  assert.deepEqual((await list(sdk.replicationJobs.list("refusals", group))).map(j => j.name), jobsAtSnapshot, "a refused reprotect makes no job");
  const now = (await item()).properties;
  assert.equal(now.protectionState, committed.protectionState);
  assert.equal(now.activeLocation, "Recovery");
  assert.deepEqual(now.allowedOperations, committed.allowedOperations);

  // Cancel of a job that has ended is ASR's FB1006.
  await assert.rejects(sdk.replicationJobs.beginCancelAndWait("refusals", group, jobsAtSnapshot.at(-1)), e => e.name === "RestError" && e.code === "FB1006");

  // The fix: remove the snapshots, then the same reprotect runs; the SDK's poller returns the item replicating back.
  const removed = await labApi("POST", "refusals/steps", labs.refusals.trainee, { "remove-snapshots": { vm: "app-01" } });
  assert.ok([200, 202].includes(removed.status), JSON.stringify(removed.body));
  await stepEnded("refusals", removed.body.step);
  const reprotected = await reprotect();
  assert.equal(reprotected.properties.providerSpecificDetails.instanceType, "InMage");
  const jobs = await list(sdk.replicationJobs.list("refusals", group));
  const last = jobs.at(-1);
  assert.equal(last.properties.scenarioName, "ReverseReplicate");
  assert.equal(last.properties.state, "Succeeded");
  assert.ok(jobs.every(j => j.properties.state !== "Failed"), "no failed job stays behind a refusal");
  // A job that succeeded offers no restart.
  await assert.rejects(sdk.replicationJobs.beginRestartAndWait("refusals", group, last.name), e => e.name === "RestError" && e.code === "FB1003");

  // Another lab's token opens nothing here.
  await assert.rejects(client("refusals", labs.cycle.trainee).replicationFabrics.list("refusals", group).next(),
    e => e.name === "RestError" && e.statusCode === 401);
});

test("the README's example of pointing the SDK at a lab runs as it is written", async () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Testing your runbooks against a lab"));
  const example = section.match(/```js\n([\s\S]*?)```/)[1];
  // Run from this folder, so that its require finds the SDK the tests installed.
  const run = spawn(process.execPath, ["-e", example], {
    cwd: __dirname, env: { ...process.env, NODE_EXTRA_CA_CERTS: pem, LAB_ENDPOINT: endpoint, LAB_TOKEN: labs.cycle.trainee, LAB_VAULT: "cycle" },
  });
  let out = "";
  let err = "";
  run.stdout.on("data", c => (out += c));
  run.stderr.on("data", c => (err += c));
  assert.equal(await new Promise(resolve => run.on("exit", resolve)), 0, `the README's example failed: ${err}`);
  assert.ok(out.split("\n").includes("app-01"), out);
});

test("a recovery plan through the SDK: create, update, test failover and cleanup, failover, commit and reprotect, both ways", async () => {
  const sdk = client("plans");
  const where = await locate(sdk, "plans", group, "app-01");
  const args = ["plans", group, where.fabric.name, where.container, where.item];
  const servers = where.fabric.properties.customDetails;
  const server = name => servers.processServers.find(p => p.friendlyName === name).id;
  const item = () => sdk.replicationProtectedItems.get(...args);
  await sdk.replicationProtectedItems.beginCreateAndWait(...args, {
    properties: { providerSpecificDetails: { instanceType: "InMageAzureV2", processServerId: server("ps-onprem") } },
  });
  await waitForState(sdk, "plans", group, where, "Protected");
  await waitForPoints(sdk, args, 1); // the paced lab makes the first point minutes of virtual time after replication starts
  const itemId = (await item()).id;
  const boot = ids => ({ groupType: "Boot", replicationProtectedItems: ids.map(id => ({ id })) });
  const bootIds = plan => plan.properties.groups.filter(g => g.groupType === "Boot").map(g => g.replicationProtectedItems.map(i => i.id));

  // Created with ASR's Shutdown and Failover groups and one Boot group; updated (PATCH) with the Boot group alone.
  let plan = await sdk.replicationRecoveryPlans.beginCreateAndWait("plans", group, "app-plan", {
    properties: { primaryFabricId: where.fabric.id, recoveryFabricId: "Microsoft Azure", failoverDeploymentModel: "ResourceManager",
      groups: [{ groupType: "Shutdown" }, { groupType: "Failover" }, boot([itemId])] },
  });
  assert.equal(plan.name, "app-plan");
  assert.deepEqual(bootIds(plan), [[itemId]]);
  plan = await sdk.replicationRecoveryPlans.beginUpdateAndWait("plans", group, "app-plan", { properties: { groups: [boot([itemId])] } });
  assert.deepEqual(bootIds(plan), [[itemId]]);
  assert.deepEqual((await list(sdk.replicationRecoveryPlans.list("plans", group))).map(p => p.name), ["app-plan"]);
  const planArgs = ["plans", group, "app-plan"];
  const toAzure = { failoverDirection: "PrimaryToRecovery", sourceSiteOperations: "NotRequired", providerSpecificDetails: [{ instanceType: "InMageAzureV2", recoveryPointType: "Latest" }] };

  // A DR drill of the plan, then the real failover to Azure and its commit, each answered with the plan.
  await sdk.replicationRecoveryPlans.beginTestFailoverAndWait(...planArgs, {
    properties: { failoverDirection: toAzure.failoverDirection, networkType: "NoNetworkAttachAsInput", providerSpecificDetails: toAzure.providerSpecificDetails },
  });
  assert.equal((await item()).properties.testFailoverState, "TestFailoverCompleted");
  await sdk.replicationRecoveryPlans.beginTestFailoverCleanupAndWait(...planArgs, { properties: { comments: "plan drill" } });
  assert.equal((await item()).properties.testFailoverState, "None");
  plan = await sdk.replicationRecoveryPlans.beginUnplannedFailoverAndWait(...planArgs, { properties: toAzure });
  assert.equal(plan.name, "app-plan");
  assert.equal((await item()).properties.activeLocation, "Recovery");
  await sdk.replicationRecoveryPlans.beginFailoverCommitAndWait(...planArgs);

  // The plan's reprotect takes no input: it reuses each machine's earlier values (RP-8), and app-01 has none yet. The
  // plan's job checks every machine before any changes: it fails, and app-01 stays failed over and committed.
  const committed = (await item()).properties;
  await assert.rejects(sdk.replicationRecoveryPlans.beginReprotectAndWait(...planArgs), e => e.name === "RestError" && e.code === "FB1108");
  const refused = (await list(sdk.replicationJobs.list("plans", group, { filter: "affectedObjectTypes eq 'RecoveryPlan' and jobStatus eq 'Failed'" })));
  assert.deepEqual(refused.map(j => j.properties.scenarioName), ["ReverseReplicate"]);
  const after = (await item()).properties;
  assert.deepEqual([after.protectionState, after.activeLocation, after.allowedOperations], [committed.protectionState, committed.activeLocation, committed.allowedOperations]);

  // So the machine is reprotected once on its own (InMageReprotectInput); the plan fails it back and commits.
  const policies = await list(sdk.replicationPolicies.list("plans", group));
  await sdk.replicationProtectedItems.beginReprotectAndWait(...args, {
    properties: { failoverDirection: "RecoveryToPrimary", providerSpecificDetails: {
      instanceType: "InMage", masterTargetId: servers.masterTargetServers[0].id, processServerId: server("ps-azure"), datastoreName: "DS1",
      retentionDrive: "R:", profileId: policies.find(p => p.properties.providerSpecificDetails.instanceType === "InMage").id } },
  });
  await waitForState(sdk, "plans", group, where, "Protected");
  await waitForPoints(sdk, args, 1);
  await sdk.replicationRecoveryPlans.beginUnplannedFailoverAndWait(...planArgs, {
    properties: { failoverDirection: "RecoveryToPrimary", sourceSiteOperations: "NotRequired", providerSpecificDetails: [{ instanceType: "InMage", recoveryPointType: "LatestTime" }] },
  });
  await sdk.replicationRecoveryPlans.beginFailoverCommitAndWait(...planArgs);
  assert.equal((await item()).properties.activeLocation, "Primary");
  await sdk.replicationProtectedItems.beginReprotectAndWait(...args, {
    properties: { failoverDirection: "RecoveryToPrimary", providerSpecificDetails: { instanceType: "InMageAzureV2", processServerId: server("ps-onprem") } },
  });
  await waitForState(sdk, "plans", group, where, "Protected");
  await waitForPoints(sdk, args, 1);

  // The second time round, the plan's reprotect finds the earlier values and runs.
  await sdk.replicationRecoveryPlans.beginUnplannedFailoverAndWait(...planArgs, { properties: toAzure });
  await sdk.replicationRecoveryPlans.beginFailoverCommitAndWait(...planArgs);
  plan = await sdk.replicationRecoveryPlans.beginReprotectAndWait(...planArgs);
  assert.equal(plan.name, "app-plan");
  const back = await waitForState(sdk, "plans", group, where, "Protected");
  assert.equal(back.properties.providerSpecificDetails.instanceType, "InMage");
  const planJobs = await list(sdk.replicationJobs.list("plans", group, { filter: "affectedObjectTypes eq 'RecoveryPlan'" }));
  assert.deepEqual(planJobs.map(j => [j.properties.scenarioName, j.properties.state]), [
    ["TestFailover", "Succeeded"], ["TestFailoverCleanup", "Succeeded"], ["UnplannedFailover", "Succeeded"], ["Commit", "Succeeded"],
    ["ReverseReplicate", "Failed"], ["UnplannedFailover", "Succeeded"], ["Commit", "Succeeded"], ["UnplannedFailover", "Succeeded"], ["Commit", "Succeeded"],
    ["ReverseReplicate", "Succeeded"],
  ]);
  // The vault's list filtered by the plan's name holds its machine.
  assert.deepEqual((await list(sdk.replicationProtectedItems.list("plans", group, { filter: "recoveryPlanName eq 'app-plan'" }))).map(i => i.name), [where.item]);

  // Deleted: gone, its machine as it was.
  await sdk.replicationRecoveryPlans.beginDeleteAndWait(...planArgs);
  await assert.rejects(sdk.replicationRecoveryPlans.get(...planArgs), e => e.name === "RestError" && e.statusCode === 404);
  assert.equal((await item()).properties.protectionState, "Protected");
});

test("the Azure side the trainee looks at: Microsoft.Compute's VMs with their instance view and disks, Microsoft.Network's networks", async () => {
  // After the refusals test, app-01 runs in Azure (failed over, reprotected back): its VM, its disks, the recovery network.
  const options = { endpoint, credentialScopes: [`${endpoint}/.default`], tlsOptions: { ca: fs.readFileSync(pem) } };
  const credential = { getToken: async () => ({ token: labs.refusals.trainee, expiresOnTimestamp: Date.now() + 3600e3 }) };
  const compute = new ComputeManagementClient(credential, subscription, options);
  const network = new NetworkManagementClient(credential, subscription, options);
  const sdk = client("refusals");
  const where = await locate(sdk, "refusals", group, "app-01");
  const item = await sdk.replicationProtectedItems.get("refusals", group, where.fabric.name, where.container, where.item);
  const vmName = item.properties.providerSpecificDetails.recoveryAzureVMName ?? (await list(compute.virtualMachines.list(group))).map(v => v.name).find(n => n.startsWith("app-01"));

  const vms = await list(compute.virtualMachines.list(group));
  const vm = vms.find(v => v.name === vmName);
  assert.ok(vm, `no VM ${vmName} among ${vms.map(v => v.name)}`);
  assert.equal(vm.type, "Microsoft.Compute/virtualMachines");
  assert.equal(vm.location, "westeurope");
  assert.equal(vm.provisioningState, "Succeeded");
  assert.ok(vm.storageProfile.osDisk.managedDisk.id.includes("/providers/Microsoft.Compute/disks/"));
  assert.equal(vm.instanceView, undefined, "no instance view unless expanded");
  const expanded = await compute.virtualMachines.get(group, vmName, { expand: "instanceView" });
  assert.ok(expanded.instanceView.statuses.some(s => s.code === "PowerState/running"), JSON.stringify(expanded.instanceView));
  const view = await compute.virtualMachines.instanceView(group, vmName);
  assert.deepEqual(view.statuses.map(s => s.code), ["ProvisioningState/succeeded", "PowerState/running"]);

  const disks = await list(compute.disks.listByResourceGroup(group));
  const osDisk = disks.find(d => d.id.toLowerCase() === vm.storageProfile.osDisk.managedDisk.id.toLowerCase());
  assert.ok(osDisk, `the OS disk ${vm.storageProfile.osDisk.managedDisk.id} is listed`);
  assert.equal(osDisk.managedBy.toLowerCase(), vm.id.toLowerCase());
  assert.equal(osDisk.diskState, "Attached");
  assert.equal((await compute.disks.get(group, osDisk.name)).diskSizeBytes, osDisk.diskSizeBytes);

  const networks = await list(network.virtualNetworks.list(group));
  const recovery = networks.find(n => n.name === "recovery-net");
  assert.ok(recovery && recovery.addressSpace.addressPrefixes.length > 0 && recovery.subnets.length > 0, JSON.stringify(networks));
  assert.equal((await network.virtualNetworks.get(group, "recovery-net")).resourceGuid, recovery.resourceGuid);

  // ARM's errors: a VM that does not exist, another lab's group, a token of no lab.
  await assert.rejects(compute.virtualMachines.get(group, "nowhere"), e => e.name === "RestError" && e.statusCode === 404 && e.code === "ResourceNotFound");
  await assert.rejects(list(compute.virtualMachines.list("rg-many")), e => e.name === "RestError" && e.code === "ResourceGroupNotFound");
  const stranger = new ComputeManagementClient({ getToken: async () => ({ token: "not-a-lab-token", expiresOnTimestamp: Date.now() + 3600e3 }) }, subscription, options);
  await assert.rejects(list(stranger.virtualMachines.list(group)), e => e.name === "RestError" && e.statusCode === 401);
});

test("the SDK's pagers follow nextLink through a vault of 150 items, in another resource group", async () => {
  const sdk = client("many");
  const names = [];
  for await (const item of sdk.replicationProtectedItems.list("many", "rg-many")) names.push(item.properties.friendlyName);
  assert.equal(names.length, 150);
  assert.equal(new Set(names).size, 150);
  assert.ok(names.includes("web001") && names.includes("web150"));
  let pages = 0;
  for await (const page of sdk.replicationProtectedItems.list("many", "rg-many").byPage()) {
    pages++;
    assert.ok(page.length <= 100);
  }
  assert.equal(pages, 2);
  // The group the lab's vault is not in is ARM's ResourceGroupNotFound.
  await assert.rejects(sdk.replicationProtectedItems.list("many", group).next(), e => e.name === "RestError" && e.code === "ResourceGroupNotFound");
});

test("a job cancelled through the SDK while its failover runs ends Cancelled, and the machine stays on-premises", async () => {
  const sdk = client("cancel");
  const where = await locate(sdk, "cancel", group, "app-01");
  const args = ["cancel", group, where.fabric.name, where.container, where.item];
  const server = name => where.fabric.properties.customDetails.processServers.find(p => p.friendlyName === name).id;
  await sdk.replicationProtectedItems.beginCreateAndWait(...args, {
    properties: { providerSpecificDetails: { instanceType: "InMageAzureV2", processServerId: server("ps-onprem") } },
  });
  await waitForState(sdk, "cancel", group, where, "Protected");
  await waitForPoints(sdk, args, 1);
  // The instructor pauses the lab's time, so the failover's job is still running when the runbook cancels it.
  assert.equal((await labApi("POST", "cancel/time", labs.cancel.instructor, { pause: true })).status, 200);
  const failover = await sdk.replicationProtectedItems.beginUnplannedFailover(...args, {
    properties: { failoverDirection: "PrimaryToRecovery", providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  });
  const running = await list(sdk.replicationJobs.list("cancel", group, { filter: "jobStatus eq 'InProgress'" }));
  assert.equal(running.length, 1);
  assert.deepEqual(running[0].properties.allowedActions, ["Cancel"]);
  const cancelled = await sdk.replicationJobs.beginCancelAndWait("cancel", group, running[0].name);
  assert.equal(cancelled.name, running[0].name);
  assert.equal((await labApi("POST", "cancel/time", labs.cancel.instructor, { pause: false })).status, 200);
  await assert.rejects(failover.pollUntilDone(), e => /cancel/i.test(e.message));
  const job = await sdk.replicationJobs.get("cancel", group, running[0].name);
  assert.equal(job.properties.state, "Cancelled");
  assert.equal((await sdk.replicationProtectedItems.get(...args)).properties.activeLocation, "Primary");

  // A failover whose Azure VM ARM refuses to create once (the instructor's fault) fails as a job that offers Restart
  // (ASR's job action); the restart runs the operation again as a new job, which the SDK's poller returns.
  const fault = await labApi("POST", "cancel/faults", labs.cancel.instructor, { target: "azure", operation: "put", object: "*virtualMachines*", fault: "OperationFailed", count: 1 });
  assert.equal(fault.status, 200, JSON.stringify(fault.body));
  await assert.rejects(sdk.replicationProtectedItems.beginUnplannedFailoverAndWait(...args, {
    properties: { failoverDirection: "PrimaryToRecovery", providerSpecificDetails: { instanceType: "InMageAzureV2" } },
  }));
  const failed = await list(sdk.replicationJobs.list("cancel", group, { filter: "jobStatus eq 'Failed'" }));
  assert.equal(failed.length, 1);
  assert.deepEqual(failed[0].properties.allowedActions, ["Restart"]);
  const restarted = await sdk.replicationJobs.beginRestartAndWait("cancel", group, failed[0].name);
  assert.notEqual(restarted.name, failed[0].name);
  assert.equal(restarted.properties.scenarioName, "UnplannedFailover");
  assert.equal(restarted.properties.state, "Succeeded");
  assert.equal((await sdk.replicationProtectedItems.get(...args)).properties.activeLocation, "Recovery");
  // The restarted job has gone: it offers no second restart.
  await assert.rejects(sdk.replicationJobs.beginRestartAndWait("cancel", group, failed[0].name), e => e.name === "RestError" && e.code === "FB1003");
});
