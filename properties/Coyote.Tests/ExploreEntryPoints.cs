using Failback.Coyote.Tests.Cycle;
using Failback.Coyote.Tests.Orchestration;
using Microsoft.Coyote.SystematicTesting;

namespace Failback.Coyote.Tests;

/// <summary>The real engine's Coyote scenarios as <c>[Test]</c> methods, for <c>dotnet coyote test --method</c> (properties/explore.sh).</summary>
public static class ExploreEntryPoints
{
    [Test]
    public static Task OneItemTwoOperations() => OneItemTwoOperationsTests.Scenario();

    [Test]
    public static Task GuestWritesRaceFailoverAndCommit() => GuestWritesRaceFailoverAndCommitTests.Scenario();

    [Test]
    public static Task ReprotectRacesProcessServerCrash() => ReprotectRacesProcessServerCrashTests.Scenario();

    [Test]
    public static Task HeartbeatsRaceConfigurationServerRestore() => HeartbeatsRaceConfigurationServerRestoreTests.Scenario();

    [Test]
    public static Task RecoveryPlanParallelGroup() => RecoveryPlanParallelGroupTests.Scenario();
}
