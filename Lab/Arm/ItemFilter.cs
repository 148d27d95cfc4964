using Failback.Engine.Components;
using Failback.Engine.Orchestration.Items;
using Failback.Lab.Arm.Resources;

namespace Failback.Lab.Arm;

/// <summary>
/// The $filter of ASR's list of a vault's protected items (ProtectedItemsQueryParameter): sourceFabricName,
/// recoveryPlanName (the plan's items), instanceType (the classic provider, InMageAzureV2 or InMage) and processServerId
/// (an id or a name of the fabric's processServers), each a comma list, joined by 'and'. The parameter's other names
/// (vCenterName, fabricObjectId, sourceFabricLocation, multiVmGroupCreateOption) are refused by name rather than ignored:
/// the lab's items do not record them, and a runbook must not read an unfiltered list as a filtered one.
/// </summary>
internal sealed class ItemFilter
{
    private const string Names = "sourceFabricName, recoveryPlanName, instanceType and processServerId";

    private readonly List<Func<ProtectedItem, bool>> _clauses = [];

    public static ItemFilter Parse(VaultView view, string? filter)
    {
        var result = new ItemFilter();
        foreach (var (name, value) in FilterClauses.Parse(filter, Names))
        {
            var values = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            result._clauses.Add(name.ToUpperInvariant() switch
            {
                "SOURCEFABRICNAME" => _ => values.Contains(view.Fabric),
                "RECOVERYPLANNAME" => PlanItems(view, values),
                "INSTANCETYPE" => i => values.Contains(ProtectedItemJson.ProviderName(i)),
                "PROCESSSERVERID" => i => i.ProcessServer is { } ps && (values.Contains(ps) || values.Contains(view.ServerId(ServerRole.ProcessServer, ps))),
                "VCENTERNAME" or "FABRICOBJECTID" or "SOURCEFABRICLOCATION" or "MULTIVMGROUPCREATEOPTION" => throw new ArmException(400, "InvalidFilter",
                    $"The lab does not filter protected items on '{name}' (its items do not record it); it filters on {Names}."),
                _ => throw FilterClauses.Unknown(name, Names),
            });
        }
        return result;
    }

    public bool Matches(ProtectedItem item) => _clauses.TrueForAll(c => c(item));

    /// <summary>The items of the named plans; a plan the vault does not have names none.</summary>
    private static Func<ProtectedItem, bool> PlanItems(VaultView view, HashSet<string> plans)
    {
        var ids = view.World.Plans.Where(p => plans.Contains(p.Key)).SelectMany(p => p.Value.Plan.ItemIds).ToHashSet(StringComparer.Ordinal);
        return i => ids.Contains(i.Id);
    }
}
