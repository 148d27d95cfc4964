using System.Collections.Concurrent;
using Failback.Lab.Sessions;

namespace Failback.Lab.Arm;

/// <summary>
/// ARM answers of reads, kept while the lab has not changed (<see cref="LabSession.Version"/>): a runbook polls the same
/// item, job or list many times between two kernel slices, and an unchanged lab gives the same answer, so a repeated read
/// costs neither the lab thread's round trip nor the JSON (kept as UTF-8). An answer is kept only when the lab's version was the same
/// before and after it was read, so it is the state at that version. Keyed by the URL the client called (nextLinks
/// carry its host); authentication and throttling still run for every request.
/// </summary>
internal sealed class ReadCache
{
    private const int MaxAnswersPerLab = 64;
    private const int MaxLabs = 256;
    private readonly ConcurrentDictionary<LabSession, Snapshot> _labs = new(ReferenceEqualityComparer.Instance);

    private sealed class Snapshot(long version)
    {
        public long Version { get; } = version;
        public ConcurrentDictionary<string, byte[]> Answers { get; } = new(StringComparer.Ordinal);
    }

    public async Task<byte[]> GetAsync(ArmContext c, Func<Task<byte[]>> read)
    {
        var session = c.Session;
        var version = session.Version;
        var key = $"{c.BaseUrl}{c.Http.Request.PathBase}{c.Http.Request.Path}{c.Http.Request.QueryString}";
        if (_labs.Count > MaxLabs) _labs.Clear();
        var snapshot = _labs.AddOrUpdate(session, _ => new Snapshot(version), (_, s) => s.Version == version ? s : new Snapshot(version));
        if (snapshot.Version == version && snapshot.Answers.TryGetValue(key, out var answer)) return answer;
        answer = await read();
        if (session.Version == version && snapshot.Version == version && snapshot.Answers.Count < MaxAnswersPerLab) snapshot.Answers[key] = answer;
        return answer;
    }
}
