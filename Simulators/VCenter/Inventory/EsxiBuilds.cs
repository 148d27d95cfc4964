namespace Failback.Simulators.VCenter.Inventory;

/// <summary>The ESXi releases the site models (5.5 to 7.0) and their GA build numbers.</summary>
public static class EsxiBuilds
{
    public static readonly IReadOnlyList<string> Versions = ["5.5.0", "6.0.0", "6.5.0", "6.7.0", "7.0.0"];

    public static string BuildOf(string version) => version switch
    {
        "5.5.0" => "1331820",
        "6.0.0" => "2494585",
        "6.5.0" => "4564106",
        "6.7.0" => "8169922",
        "7.0.0" => "15843807",
        _ => throw new ArgumentException($"ESXi version '{version}' is not modelled; use one of {string.Join(", ", Versions)}.", nameof(version)),
    };

    /// <summary>The newest virtual hardware version a host of this ESXi version runs (vmx-10 on 5.5 .. vmx-17 on 7.0).</summary>
    public static int MaxHardwareVersion(string version) => version switch
    {
        "5.5.0" => 10,
        "6.0.0" => 11,
        "6.5.0" => 13,
        "6.7.0" => 14,
        _ => 17,
    };
}
