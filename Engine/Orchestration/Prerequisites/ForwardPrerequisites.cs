using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Prerequisite = Failback.Engine.Orchestration.Prerequisites.PrerequisiteCheck<Failback.Engine.Orchestration.Prerequisites.ForwardRequest>;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>The prerequisite lists of protection to Azure: enable protection, and reprotect after failback (CM-2).</summary>
internal static class ForwardPrerequisites
{
    public static IReadOnlyList<Prerequisite> Enable { get; } =
    [
        Prerequisite.Of(ConfigurationServerChecks.TakesPart, r => r.Environment.ConfigurationServer),
        Prerequisite.Of(ProcessServerChecks.ForwardServerRegistered, r => r),
        Prerequisite.Of(ProcessServerChecks.Heartbeat, r => r.Environment.ProcessServer),
    ];

    public static IReadOnlyList<Prerequisite> ReprotectToAzure { get; } =
    [
        Prerequisite.Of(ConfigurationServerChecks.TakesPart, r => r.Environment.ConfigurationServer),
        Prerequisite.Of(ProcessServerChecks.ForwardServerRegistered, r => r),
        Prerequisite.Of(ProcessServerChecks.Heartbeat, r => r.Environment.ProcessServer),
    ];

    public static IReadOnlyList<AsrError> Check(IReadOnlyList<Prerequisite> checks, ProtectedItem item, string processServer, ForwardEnvironment env) =>
        Prerequisite.Run(checks, item, new ForwardRequest(processServer, env));
}
