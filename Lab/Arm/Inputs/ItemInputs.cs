using System.Text.Json.Nodes;
using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Lab.Arm.Resources;

namespace Failback.Lab.Arm.Inputs;

/// <summary>
/// ASR's inputs on a protected item, turned into the drill step the lab runs: the classic provider's shapes
/// (InMageAzureV2 to Azure, InMage back to on-premises) with their server ids, checked against where the item
/// runs so that an input of the wrong provider is refused rather than read as the other direction.
/// </summary>
internal static class ItemInputs
{
    /// <summary>unplannedFailover: UnplannedFailoverInput with InMageAzureV2UnplannedFailoverInput or InMageUnplannedFailoverInput.</summary>
    public static JsonObject Failover(VaultView view, ProtectedItem item, Body body)
    {
        var inAzure = item.ActiveLocation == Site.Azure;
        var direction = body.String("properties.failoverDirection");
        var expected = inAzure ? "RecoveryToPrimary" : "PrimaryToRecovery";
        if (direction is not null && !string.Equals(direction, expected, StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidFailoverDirection",
                $"'{item.Name}' runs {(inAzure ? "in Azure" : "on-premises")}: its failover direction is {expected}, not {direction}.");
        var provider = body.String("properties.providerSpecificDetails.instanceType");
        var expectedProvider = inAzure ? "InMage" : "InMageAzureV2";
        if (provider is not null && !string.Equals(provider, expectedProvider, StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidProviderSpecificInput",
                $"'{item.Name}' fails over {(inAzure ? "from Azure back to VMware" : "from VMware to Azure")} with {expectedProvider}UnplannedFailoverInput, not {provider}.");
        var step = new JsonObject { ["vm"] = view.MachineName(item.Id), ["point"] = FailoverPoint(body) };
        // sourceSiteOperations Required: "Shut down machine before beginning failover".
        if (string.Equals(body.String("properties.sourceSiteOperations"), "Required", StringComparison.OrdinalIgnoreCase)) step["shut-down"] = true;
        return Step("failover", step);
    }

    /// <summary>
    /// A failover's point: the portal's Latest and Latest processed, named as a recovery plan's InMageAzureV2 input names them
    /// (InMageV2RpRecoveryPointType Latest, LatestProcessed: the item's InMageAzureV2UnplannedFailoverInput has only a
    /// recoveryPointId, so the spec is silent on how an item asks for either), or the provider input's; LatestTime, and no
    /// point named, keep the newest listed point (Latest processed), as before.
    /// </summary>
    private static string FailoverPoint(Body body) => body.String("properties.providerSpecificDetails.recoveryPointType")?.ToUpperInvariant() switch
    {
        "LATEST" => "latest",
        "LATESTPROCESSED" => "latest-processed",
        _ => Point("unplannedFailover", body) is var point && point == "latest" ? "latest-processed" : point,
    };

    /// <summary>reProtect: ReverseReplicationInput with InMageReprotectInput (back to on-premises) or InMageAzureV2ReprotectInput (to Azure).</summary>
    public static JsonObject Reprotect(VaultView view, ProtectedItem item, Body body)
    {
        var provider = body.Required("properties.providerSpecificDetails.instanceType");
        var back = string.Equals(provider, "InMage", StringComparison.OrdinalIgnoreCase);
        if (!back && !string.Equals(provider, "InMageAzureV2", StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidProviderSpecificInput",
                $"reProtect of a VMware machine takes InMageReprotectInput (instanceType InMage, back to on-premises) or InMageAzureV2ReprotectInput (instanceType InMageAzureV2, to Azure), not '{provider}'.");
        var inAzure = item.ActiveLocation == Site.Azure;
        if (back != inAzure)
        {
            var error = ErrorCatalog.ReprotectDirection.Create($"'{item.Name}' runs {(inAzure ? "in Azure: reprotect it with InMageReprotectInput" : "on-premises: reprotect it with InMageAzureV2ReprotectInput")}");
            throw ArmException.Asr(error);
        }
        var vm = view.MachineName(item.Id);
        var ps = view.ServerName(ServerRole.ProcessServer, body.Required("properties.providerSpecificDetails.processServerId"));
        if (!back) return Step("reprotect", WithRunAsAccount(view, body, new JsonObject { ["vm"] = vm, ["process-server"] = ps }));
        var profile = body.Required("properties.providerSpecificDetails.profileId");
        var policy = PolicyJson.All(view).FirstOrDefault(p => string.Equals(p.Id, Body.Name(profile), StringComparison.OrdinalIgnoreCase))
            ?? throw ArmException.NotFound("replication policy (profileId)", profile);
        if (!policy.IsFailback)
            throw ArmException.BadRequest($"reProtect: profileId '{profile}' is the forward policy {policy.Name}; reprotect to on-premises takes its failback policy (instanceType InMage in replicationPolicies).");
        var step = new JsonObject
        {
            ["vm"] = vm,
            ["master-target"] = view.ServerName(ServerRole.MasterTarget, body.Required("properties.providerSpecificDetails.masterTargetId")),
            ["process-server"] = ps,
            ["retention-volume"] = body.Required("properties.providerSpecificDetails.retentionDrive"),
        };
        // The spec leaves the datastore optional; PowerShell makes it mandatory, and so does the engine (RP-3).
        step["datastore"] = body.String("properties.providerSpecificDetails.datastoreName")
            ?? throw ArmException.Asr(ErrorCatalog.ReprotectDatastoreMissing.Create("InMageReprotectInput has no datastoreName"));
        return Step("reprotect", WithRunAsAccount(view, body, step));
    }

    /// <summary>
    /// testFailover: TestFailoverInput with InMageAzureV2TestFailoverInput (a recoveryPointId, else the latest point) or
    /// InMageTestFailoverInput (its recoveryPointType); networkId names the test network, else the vault's isolated one.
    /// </summary>
    public static JsonObject TestFailover(VaultView view, ProtectedItem item, Body body)
    {
        var direction = body.String("properties.failoverDirection");
        if (direction is not null && !string.Equals(direction, "PrimaryToRecovery", StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidFailoverDirection", $"A VMware machine's test failover runs to Azure (failoverDirection PrimaryToRecovery), not {direction}.");
        var provider = body.String("properties.providerSpecificDetails.instanceType");
        if (provider is not null && !provider.Equals("InMageAzureV2", StringComparison.OrdinalIgnoreCase) && !provider.Equals("InMage", StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidProviderSpecificInput", $"Test failover of a VMware machine takes InMageAzureV2TestFailoverInput (or InMageTestFailoverInput), not '{provider}'.");
        var step = new JsonObject { ["vm"] = view.MachineName(item.Id), ["point"] = Point("testFailover", body) };
        if (view.NetworkName(body.String("properties.networkId")) is { } network) step["network"] = network;
        return Step("test-failover", step);
    }

    /// <summary>testFailoverCleanup: TestFailoverCleanupInput's comments, recorded as the drill's notes.</summary>
    public static JsonObject TestFailoverCleanup(VaultView view, ProtectedItem item, Body body)
    {
        var step = new JsonObject { ["vm"] = view.MachineName(item.Id) };
        if (body.String("properties.comments") is { } comments) step["notes"] = comments;
        return Step("test-failover-cleanup", step);
    }

    /// <summary>
    /// applyRecoveryPoint (ASR's ChangePit between failover and commit): ApplyRecoveryPointInput's recoveryPointId, the ARM id
    /// of one of the item's recovery points, with InMageAzureV2ApplyRecoveryPointInput.
    /// </summary>
    public static JsonObject ChangeRecoveryPoint(VaultView view, ProtectedItem item, Body body)
    {
        var provider = body.String("properties.providerSpecificDetails.instanceType");
        if (provider is not null && !string.Equals(provider, "InMageAzureV2", StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidProviderSpecificInput", $"Changing the recovery point of a VMware machine failed over to Azure takes InMageAzureV2ApplyRecoveryPointInput, not '{provider}'.");
        var point = body.String("properties.recoveryPointId") ?? throw ArmException.BadRequest("applyRecoveryPoint: recoveryPointId names the recovery point to apply (one of the item's recoveryPoints).");
        return Step("change-recovery-point", new JsonObject { ["vm"] = view.MachineName(item.Id), ["point"] = Body.Name(point) });
    }

    /// <summary>The drill's recovery point of a provider input: recoveryPointType (LatestTime, LatestTag, Custom) and recoveryPointId.</summary>
    private static string Point(string operation, Body body)
    {
        var pointId = body.String("properties.providerSpecificDetails.recoveryPointId");
        var type = body.String("properties.providerSpecificDetails.recoveryPointType");
        return type?.ToUpperInvariant() switch
        {
            null when pointId is null => "latest",
            null or "CUSTOM" => Body.Name(pointId ?? throw ArmException.BadRequest($"{operation}: recoveryPointType Custom needs a recoveryPointId.")),
            "LATESTTIME" => "latest",
            "LATESTTAG" => "latest-app-consistent",
            _ => throw ArmException.BadRequest($"{operation}: recoveryPointType is LatestTime, LatestTag or Custom, not '{type}'."),
        };
    }

    /// <summary>PUT (enable protection): EnableProtectionInput with InMageAzureV2EnableProtectionInput's process server.</summary>
    public static JsonObject Enable(VaultView view, ProtectedItem item, Body body)
    {
        var provider = body.String("properties.providerSpecificDetails.instanceType");
        if (provider is not null && !string.Equals(provider, "InMageAzureV2", StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidProviderSpecificInput", $"Enable protection of a VMware machine to Azure takes InMageAzureV2EnableProtectionInput, not '{provider}'.");
        var step = new JsonObject { ["vm"] = view.MachineName(item.Id) };
        if (body.String("properties.providerSpecificDetails.processServerId") is { } ps) step["process-server"] = view.ServerName(ServerRole.ProcessServer, ps);
        return Step("enable-protection", WithRunAsAccount(view, body, step));
    }

    /// <summary>The provider input's runAsAccountId (an accountId of the fabric's runAsAccounts) as the step's run-as account.</summary>
    private static JsonObject WithRunAsAccount(VaultView view, Body body, JsonObject step)
    {
        if (body.String("properties.providerSpecificDetails.runAsAccountId") is not { } id) return step;
        var account = view.Vault.RunAsAccounts.FirstOrDefault(a => a.AccountId == Body.Name(id))
            ?? throw ArmException.Asr(ErrorCatalog.RunAsAccountNotFound.Create(
                $"the configuration server has no run-as account with accountId '{id}' (the fabric's runAsAccounts list them)"));
        step["run-as-account"] = account.AccountName;
        return step;
    }

    public static JsonObject Step(string kind, JsonObject args) => new() { [kind] = args };
}
