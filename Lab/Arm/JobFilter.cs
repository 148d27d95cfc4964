using System.Globalization;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Lab.Arm;

/// <summary>
/// The $filter of ASR's job list (JobQueryParameter): clauses joined by <c>and</c>, each <c>name eq 'value'</c> for
/// jobStatus (a comma list of states), jobName (scenario names), affectedObjectTypes (ProtectionEntity or
/// RecoveryPlan), targetObjectName; startTime and endTime bound when the job started. Anything else is refused by name.
/// </summary>
internal sealed class JobFilter
{
    private readonly List<Func<Job, bool>> _clauses = [];

    private const string Names = "jobStatus, jobName, affectedObjectTypes, targetObjectName, startTime and endTime";

    public static JobFilter Parse(string? filter)
    {
        var result = new JobFilter();
        foreach (var (name, value) in FilterClauses.Parse(filter, Names))
            result._clauses.Add(name.ToUpperInvariant() switch
            {
                "JOBSTATUS" => Set(value, j => j.State.ToString()),
                "JOBNAME" => Set(value, j => j.ScenarioName),
                "AFFECTEDOBJECTTYPES" => Set(value, Resources.JobJson.InstanceType),
                "TARGETOBJECTNAME" => Set(value, j => j.TargetObjectName),
                "STARTTIME" => Time(value, name, t => j => j.StartTime >= t),
                "ENDTIME" => Time(value, name, t => j => j.StartTime <= t),
                _ => throw FilterClauses.Unknown(name, Names),
            });
        return result;
    }

    public bool Matches(Job job) => _clauses.TrueForAll(c => c(job));

    private static Func<Job, bool> Set(string value, Func<Job, string> field)
    {
        var values = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return j => values.Contains(field(j));
    }

    private static Func<Job, bool> Time(string value, string name, Func<DateTimeOffset, Func<Job, bool>> clause) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? clause(t)
        : throw new ArmException(400, "InvalidFilter", $"The $filter's {name} '{value}' is not a time such as 2026-01-01T00:00:00Z.");
}
