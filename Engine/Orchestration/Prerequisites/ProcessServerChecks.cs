using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;
using Failback.Engine.Ports.Arm;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>The process server named for an operation: registered, where it runs, its model, network and heartbeat.</summary>
internal static class ProcessServerChecks
{
    /// <summary>The failback process server registered and, in Azure, running.</summary>
    [RuleCheck("PRE-5")]
    public static AsrError? FailbackServerRunning(ProtectedItem item, FailbackRequest request) => request.Environment.ProcessServer switch
    {
        null => ErrorCatalog.ProcessServerInAzureMissing.Create($"process server '{request.Input.ProcessServer}' is not registered"),
        { Location: Site.Azure, Running: false } ps => ErrorCatalog.ProcessServerInAzureMissing.Create($"process server '{ps.Name}' in Azure is not running"),
        _ => null,
    };

    /// <summary>An on-premises failback process server needs ExpressRoute.</summary>
    [RuleCheck("CYC-2")]
    public static AsrError? Architecture(ProtectedItem item, FailbackRequest request) =>
        request.Environment is { ProcessServer: { Location: Site.OnPremises } ps, Connectivity.Link: var link } && link != SiteLink.ExpressRoute
            ? ErrorCatalog.ProcessServerArchitecture.Create($"process server '{ps.Name}' is on-premises and the site link is {link}, not ExpressRoute")
            : null;

    [RuleCheck("PS-2")]
    public static AsrError? DeploymentModelMatches(ProtectedItem item, FailbackRequest request) =>
        request.Environment is { ProcessServer: { Location: not Site.OnPremises } ps, AzureVm: var vm } && ps.Model != vm.Model
            ? ErrorCatalog.ProcessServerDeploymentModel.Create($"process server '{ps.Name}' is {ps.Model}, the recovered VM is {vm.Model}")
            : null;

    [RuleCheck("PS-3")]
    public static AsrError? InVmNetwork(ProtectedItem item, FailbackRequest request) =>
        request.Environment is { ProcessServer: { Location: not Site.OnPremises } ps, AzureVm: var vm } &&
        (!string.Equals(ps.Network, vm.Network, StringComparison.Ordinal) || !string.Equals(ps.Subscription, vm.Subscription, StringComparison.Ordinal))
            ? ErrorCatalog.ProcessServerNetwork.Create($"process server '{ps.Name}' is in {NetworkName(ps.Network)}, the VM in {NetworkName(vm.Network)}"
                + (string.Equals(ps.Subscription, vm.Subscription, StringComparison.Ordinal) ? "" : $"; subscription '{ps.Subscription}', the VM's '{vm.Subscription}'"))
            : null;

    /// <summary>A network as the portal names it (its name and model), not its ARM id.</summary>
    private static string NetworkName(string id) => !ResourceId.TryParse(id, out var network) ? $"network '{id}'"
        : network.DeploymentModel == DeploymentModel.Classic ? $"classic virtual network '{network.Name}'" : $"virtual network '{network.Name}'";

    /// <summary>
    /// The server's heartbeat to the configuration server on port 443; a stopped server sends none. Failback passes
    /// only a running server (a stopped one is PRE-5's to report).
    /// </summary>
    [RuleCheck("TS-5")]
    public static AsrError? Heartbeat(ProtectedItem item, ProcessServerFacts ps) =>
        ps.Running && ps.Heartbeat ? null : ErrorCatalog.ProcessServerNoHeartbeat.Create($"process server '{ps.Name}' has not reached the configuration server on port 443");

    /// <summary>Protection to Azure (enable, reprotect after failback) names a registered on-premises process server.</summary>
    [RuleCheck("CM-2")]
    public static AsrError? ForwardServerRegistered(ProtectedItem item, ForwardRequest request) =>
        request.Environment.ProcessServer is null
            ? ErrorCatalog.ProcessServerForAzureMissing.Create($"process server '{request.ProcessServer}' is not registered")
            : null;
}
