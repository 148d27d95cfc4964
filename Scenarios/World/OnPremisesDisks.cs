namespace Failback.Scenarios.World;

/// <summary>
/// A machine's on-premises disks as they were when it last failed over to Azure (kept only for a drill that expects
/// them), whose they are, and where they lacked a write its guest had made there: while it runs in Azure the original disks keep this
/// content, the writes the failover lost included, until failback replication writes them.
/// </summary>
public sealed record OnPremisesDisks(int Step, string Where, IReadOnlyDictionary<int, SparseContent> Disks, int GuestWrites, IReadOnlyList<string> Problems);
