using Failback.Engine.Ports.Arm;

namespace Failback.Simulators.Azure.Compute;

/// <summary>The VM sizes each deployment model offers (a representative subset), with their data-disk limits.</summary>
internal static class VmSizes
{
    private static readonly Dictionary<string, int> ResourceManager = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Standard_A1_v2"] = 2, ["Standard_A2_v2"] = 4, ["Standard_A4_v2"] = 8, ["Standard_A8_v2"] = 16,
        ["Standard_D2s_v3"] = 4, ["Standard_D4s_v3"] = 8, ["Standard_D8s_v3"] = 16, ["Standard_D16s_v3"] = 32,
        ["Standard_DS3_v2"] = 16, ["Standard_DS4_v2"] = 32, ["Standard_E4s_v3"] = 8, ["Standard_F8s_v2"] = 16,
        ["Standard_D32s_v3"] = 32, ["Standard_D64s_v3"] = 32, ["Standard_E64s_v3"] = 32, ["Standard_M128s"] = 64,
    };

    private static readonly Dictionary<string, int> Classic = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Small"] = 2, ["Medium"] = 4, ["Large"] = 8, ["ExtraLarge"] = 16, ["A5"] = 4, ["A6"] = 8, ["A7"] = 16,
        ["Standard_A4"] = 16, ["Standard_D3"] = 8, ["Standard_D4"] = 16, ["Standard_DS3"] = 8, ["Standard_DS4"] = 16,
    };

    public static int? MaxDataDisks(DeploymentModel model, string size) =>
        (model == DeploymentModel.Classic ? Classic : ResourceManager).TryGetValue(size, out var max) ? max : null;

    public static IEnumerable<string> Names(DeploymentModel model) => (model == DeploymentModel.Classic ? Classic : ResourceManager).Keys;
}
