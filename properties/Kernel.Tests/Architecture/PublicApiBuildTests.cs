using Xunit;

namespace Failback.Kernel.Tests.Architecture;

/// <summary>
/// The public API of a packed project is held to its baseline (PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt):
/// a public member added (RS0016) or removed (RS0017) without the baseline saying so fails the build; the control,
/// whose baseline matches, builds.
/// </summary>
public sealed class PublicApiBuildTests
{
    private const string Baseline = "#nullable enable\nProbe.Api\nProbe.Api.Api() -> void\nProbe.Api.Count() -> int\n";

    [Fact]
    public void APublicApiChangeWithoutTheBaselineFailsTheBuild_AndTheControlBuilds()
    {
        var root = BannedApiBuildTests.Probe("public-api");
        try
        {
            var source = Path.Combine(root, "Engine", "Api.cs");
            File.WriteAllText(Path.Combine(root, "Engine", "PublicAPI.Shipped.txt"), Baseline);

            File.WriteAllText(source, "namespace Probe; public sealed class Api { public int Count() => 1; }");
            var (control, controlOutput) = BannedApiBuildTests.Build(root);
            Assert.True(control == 0, $"the control, whose baseline matches, did not build:\n{controlOutput}");

            File.WriteAllText(source, "namespace Probe; public sealed class Api { public int Count() => 1; public string Name => \"probe\"; }");
            var (added, addedOutput) = BannedApiBuildTests.Build(root);
            Assert.True(added != 0, $"a public member missing from the baseline built:\n{addedOutput}");
            Assert.Contains("error RS0016", addedOutput, StringComparison.Ordinal);
            Assert.Contains("Name", addedOutput, StringComparison.Ordinal);

            File.WriteAllText(source, "namespace Probe; public sealed class Api { }");
            var (removed, removedOutput) = BannedApiBuildTests.Build(root);
            Assert.True(removed != 0, $"a public member removed without the baseline saying so built:\n{removedOutput}");
            Assert.Contains("error RS0017", removedOutput, StringComparison.Ordinal);

            // Declared in PublicAPI.Unshipped.txt, the new member builds.
            File.WriteAllText(source, "namespace Probe; public sealed class Api { public int Count() => 1; public string Name => \"probe\"; }");
            File.WriteAllText(Path.Combine(root, "Engine", "PublicAPI.Unshipped.txt"), "#nullable enable\nProbe.Api.Name.get -> string!\n");
            var (declared, declaredOutput) = BannedApiBuildTests.Build(root);
            Assert.True(declared == 0, $"a new member declared in PublicAPI.Unshipped.txt did not build:\n{declaredOutput}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
