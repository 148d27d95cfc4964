using System.Globalization;
using System.Text.RegularExpressions;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Lab.Arm;

/// <summary>
/// The $filter of ASR's job list (JobQueryParameter): clauses joined by <c>and</c>, each <c>name eq 'value'</c> for
/// jobStatus (a comma list of states), jobName (scenario names), affectedObjectTypes (ProtectionEntity or
/// RecoveryPlan), targetObjectName; startTime and endTime bound when the job started. Anything else is refused by name.
/// </summary>
internal sealed partial class JobFilter
{
    private readonly List<Func<Job, bool>> _clauses = [];

    public static JobFilter Parse(string? filter)
    {
        var result = new JobFilter();
        if (string.IsNullOrWhiteSpace(filter)) return result;
        foreach (var clause in AndPattern().Split(filter.Trim()))
        {
            var m = ClausePattern().Match(clause.Trim());
            if (!m.Success)
                throw new ArmException(400, "InvalidFilter", $"The $filter clause '{clause.Trim()}' is not of the form name eq 'value'; ASR's job filter takes jobStatus, jobName, affectedObjectTypes, targetObjectName, startTime and endTime joined by 'and'.");
            var (name, value) = (m.Groups[1].Value, m.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal));
            result._clauses.Add(name.ToUpperInvariant() switch
            {
                "JOBSTATUS" => Set(value, j => j.State.ToString()),
                "JOBNAME" => Set(value, j => j.ScenarioName),
                "AFFECTEDOBJECTTYPES" => Set(value, Resources.JobJson.InstanceType),
                "TARGETOBJECTNAME" => Set(value, j => j.TargetObjectName),
                "STARTTIME" => Time(value, name, t => j => j.StartTime >= t),
                "ENDTIME" => Time(value, name, t => j => j.StartTime <= t),
                _ => throw new ArmException(400, "InvalidFilter", $"The $filter names '{name}'; ASR's job filter takes jobStatus, jobName, affectedObjectTypes, targetObjectName, startTime and endTime."),
            });
        }
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

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndPattern();

    [GeneratedRegex(@"^(\w+)\s+eq\s+'((?:[^']|'')*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex ClausePattern();
}
