using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>The prerequisite checks of protection to Azure: enable protection, and reprotect after failback (CM-2).</summary>
internal static class ForwardPrerequisites
{
    public static IReadOnlyList<AsrError> Check(ProtectedItem item, string processServer, ForwardEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(env);
        var errors = new List<AsrError>();
        if (env.ConfigurationServer.Refusal(item) is { } csError) errors.Add(csError);
        if (env.ProcessServer is not { } ps)
            errors.Add(ErrorCatalog.ProcessServerForAzureMissing.Create($"process server '{processServer}' is not registered"));
        else if (!ps.Running || !ps.Heartbeat)
            errors.Add(ErrorCatalog.ProcessServerNoHeartbeat.Create($"process server '{ps.Name}' has not reached the configuration server on port 443"));
        return errors;
    }
}
