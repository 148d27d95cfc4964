namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>An ESXi host's licence; failback does not work on a free edition (TS-4).</summary>
public enum HostLicence
{
    Free,
    Evaluation,
    Paid,
}
