using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Server;

/// <summary>A licence key the site's servers accept and the ESXi edition it grants.</summary>
public sealed record License(string Key, LicenseEdition Edition);
