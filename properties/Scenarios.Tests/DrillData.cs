using Failback.Scenarios.Running;

[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace Failback.Scenarios.Tests;

/// <summary>The drill library's files as theory data (the repository root itself is the TestKit's <c>RepoRoot</c>).</summary>
internal static class DrillData
{
    public static IEnumerable<object[]> DrillFiles() => DrillLibrary.Files(RepoRoot.Drills).Select(f => new object[] { Path.GetFileName(f) });
}
