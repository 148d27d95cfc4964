using Failback.TestKit.Generators;
using System.Globalization;

namespace Failback.Engine.Tests.Oracle;

/// <summary>
/// The failback rules restated from the seed (seed-rules.md), independently of the engine: for an operation
/// in a world, the IDs of the rules it breaks (empty: it must be accepted). It never calls engine code, so an
/// engine check that drifts from the rule shows up as a disagreement.
/// </summary>
internal static class RuleSpec
{
    public static SortedSet<string> Broken(OracleOperation operation, OracleWorld w) => operation switch
    {
        OracleOperation.EnableProtection => Forward(w, needsDatabase: false),
        OracleOperation.ReprotectToAzure => Forward(w, needsDatabase: true),
        OracleOperation.ReprotectToOnPremises => Reprotect(w),
        OracleOperation.FailoverToOnPremises => Failback(w),
        _ => [],
    };

    /// <summary>
    /// CM-2 and TS-5: the on-premises process server named sends data to Azure, so it is registered (a server that is not
    /// there has no heartbeat to judge) and heard on 443; PRE-6 once the machine was protected.
    /// </summary>
    private static SortedSet<string> Forward(OracleWorld w, bool needsDatabase)
    {
        var broken = new SortedSet<string>(StringComparer.Ordinal);
        if (!w.CsRunning || (needsDatabase && !w.ItemInCsDatabase)) broken.Add("PRE-6");
        if (!w.PsOnPremRegistered) broken.Add("CM-2");
        else if (!w.PsOnPremRunning || !w.PsOnPremHeartbeat) broken.Add("TS-5");
        return broken;
    }

    private static SortedSet<string> Reprotect(OracleWorld w)
    {
        var broken = new SortedSet<string>(StringComparer.Ordinal);
        // LOC-3: the operation is not offered at all, whatever else holds.
        if (w.Physical && Is2008R2(w.ItemOs)) return new(StringComparer.Ordinal) { "LOC-3" };
        if (!w.CsRunning || !w.ItemInCsDatabase) broken.Add("PRE-6");
        Connectivity(w, broken);
        // PRE-2: the Azure VM reaches the configuration server over the link (the InMage Scout service on 443).
        if (w.AzureNetworkExists && (!w.CsRunning || w.VmBlockedTo443 || w.Link == "none")) broken.Add("PRE-2");
        // RP-9: the group replicates back to one master target, this machine's (mt-01) and every other member's.
        if (w.GroupMasterTargets.Any(mt => mt != "mt-01")) broken.Add("RP-9");
        // The account is judged on the named master target's vCenter: an unregistered master target names none.
        var seesVms = w.MtDiscovered && VCenter(w, broken);
        ProcessServer(w, broken);
        if (!seesVms)
        {
            broken.Add("LOC-4"); // what the account cannot see is not discovered
            return broken;
        }
        MasterTarget(w, broken);
        return broken;
    }

    /// <summary>
    /// Failing over back asks, in turn, before the Azure VM is shut down: the configuration server that drives it (PRE-6:
    /// without it nothing else can be asked); the vCenter account it acts through, to power on or make the VM (TS-6, PRE-3,
    /// TS-1: a role changed after the reprotect); then what the reprotect checked and can have changed since (the link,
    /// PRE-5, the master target still registered, PRE-8, its snapshots and Tools, TS-4). Not its controller (MT-7): the
    /// failover back puts no disk on it; nor RP-10: the disks stay on the datastore the reprotect took, attached to the
    /// master target, which vSphere does not let move them.
    /// </summary>
    private static SortedSet<string> Failback(OracleWorld w)
    {
        var broken = new SortedSet<string>(StringComparer.Ordinal);
        if (!w.CsRunning || !w.ItemInCsDatabase) return new(StringComparer.Ordinal) { "PRE-6" };
        VCenter(w, broken);
        if (broken.Count > 0) return broken;
        Connectivity(w, broken);
        if (w.PsInAzure && !w.PsRunning) broken.Add("PRE-5");
        if (!w.MtDiscovered)
        {
            broken.Add("LOC-4");
            return broken;
        }
        if (w.MtStorageVMotioned) broken.Add("PRE-8");
        if (w.MtSnapshots) broken.Add("MT-6");
        if (!w.MtToolsRunning) broken.Add("MT-8");
        if (FreeHostUsed(w)) broken.Add("TS-4");
        return broken;
    }

    /// <summary>
    /// A replication group failing over at the latest (or latest app-consistent) point shares one multi-VM consistent point:
    /// the latest minute at which every member has a point of that kind, each member's last point of that minute; null when
    /// the members share no such minute (the plan's failover is refused).
    /// </summary>
    public static IReadOnlyList<int>? GroupPoint(OraclePoint[][] members, bool appConsistent)
    {
        var ofKind = members.Select(m => m.Where(p => !appConsistent || p.AppConsistent).ToList()).ToList();
        var minutes = ofKind.Select(m => m.Select(p => p.Minute).ToHashSet()).ToList();
        var shared = minutes[0].Where(minute => minutes.All(m => m.Contains(minute))).ToList();
        if (shared.Count == 0) return null;
        var latest = shared.Max();
        return [.. ofKind.Select(m => m.Where(p => p.Minute == latest).Max(p => p.Number))];
    }

    private static void Connectivity(OracleWorld w, SortedSet<string> broken)
    {
        if (!w.AzureNetworkExists)
        {
            broken.Add("PRE-2");
            return;
        }
        switch (w.Link)
        {
            case "none": broken.Add("ER-1"); break;
            case "vpn" when !w.LinkOnVmNetwork: broken.Add("PRE-2"); break;
            case "er":
                if (!w.LinkOnVmNetwork) broken.Add("ER-2");
                if (!w.PublicPeering) broken.Add("ER-3");
                break;
        }
    }

    /// <summary>TS-6, PRE-3, TS-1; true when the account sees the VMs (so the master target can be discovered).</summary>
    private static bool VCenter(OracleWorld w, SortedSet<string> broken)
    {
        switch (w.VCenterRole)
        {
            case "undiscovered": broken.Add("TS-6"); return false;
            case "no-vm-permission": broken.Add("PRE-3"); return false;
            case "read-only": broken.Add("TS-1"); return true;
            default: return true;
        }
    }

    private static void ProcessServer(OracleWorld w, SortedSet<string> broken)
    {
        if (!w.PsInAzure)
        {
            if (w.Link != "er") broken.Add("CYC-2");
        }
        else
        {
            if (!w.PsRunning) broken.Add("PRE-5");
            if (!w.PsModelMatches) broken.Add("PS-2");
            if (!w.PsNetworkMatches) broken.Add("PS-3");
        }
        if (w.PsRunning && !w.PsHeartbeat) broken.Add("TS-5");
    }

    private static void MasterTarget(OracleWorld w, SortedSet<string> broken)
    {
        if (!w.MtOnEsxi) broken.Add("PRE-1");
        if (!w.MtHostDiscovered) broken.Add("LOC-6");
        if (FreeHostUsed(w)) broken.Add("TS-4");
        if (!string.Equals(w.MtEnableUuid, "True", StringComparison.Ordinal)) broken.Add("PRE-7"); // case-sensitive, no quotes
        if (w.MtStorageVMotioned) broken.Add("PRE-8");
        if (w.MtAttachedDisks + w.ItemDisks > 60) broken.Add("MT-1");
        var listed = w.Volumes.Where(Listed).ToList();
        if (listed.Count == 0) broken.Add("PRE-9");
        else if (!listed.Any(v => v.Name == w.RetentionChoice)) broken.Add("RP-4");
        if (w.MtLinux)
        {
            if (!IsCentOs66(w.MtOs) || !w.MtLayoutExt4) broken.Add("MT-2");
            var reiser = w.SourceBootFs.Equals("reiserfs", StringComparison.OrdinalIgnoreCase) || w.SourceBootFs.Equals("xfs", StringComparison.OrdinalIgnoreCase);
            if (!w.MtPackagesComplete || (reiser && !w.MtReiserFsPackages)) broken.Add("MT-4");
            if (!w.MtCustomChanges) broken.Add("MT-5");
        }
        else if (!w.MtRegistered)
        {
            broken.Add("MT-3");
        }
        // The current documentation's fatal conditions of the master target VM.
        if (w.MtSnapshots) broken.Add("MT-6");
        if (w.MtParavirtual) broken.Add("MT-7");
        if (!w.MtToolsRunning) broken.Add("MT-8");
        if (WritesToNfs(w)) broken.Add("RP-10");
        // RP-7: the datastore named is one configured for the master target (the dialog lists its host's only).
        if (!w.MtDatastores.Contains(w.DatastoreChoice)) broken.Add("LOC-5");
        if (w.OriginalExists)
        {
            if (w.OriginalSnapshots) broken.Add("PRE-4");
            if (!w.MtDatastores.Contains(w.OriginalDatastore)) broken.Add(w.OriginalOnVCenter ? "LOC-5" : "LOC-6");
        }
        else
        {
            // LOC-7: the new VM goes on the master target's host, beside the VMs already there.
            if (w.SameNameVmOnMtHost) broken.Add("LOC-7");
        }
    }

    /// <summary>RP-4 and PRE-9: unused, unlocked, not the install (cache) volume, formatted and not FAT/FAT32, not empty.</summary>
    private static bool Listed(OracleVolume v) =>
        v.UsedFor is null && !v.Locked && !v.Install && v.Size > 0 &&
        v.FileSystem.Length > 0 && !v.FileSystem.ToUpperInvariant().StartsWith("FAT", StringComparison.Ordinal) && !v.FileSystem.Equals("vfat", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// RP-10: failback writes to the original VM's datastore, or when there is none to the one named (RP-3); only VMFS and
    /// vSAN are supported, so NFS in vSphere's either spelling (NFS for version 3, NFS41 for 4.1) is refused. A datastore the
    /// master target's host does not mount is LOC-5's (or LOC-6's) to report, its type unknown there.
    /// </summary>
    private static bool WritesToNfs(OracleWorld w)
    {
        var datastore = w.OriginalExists ? w.OriginalDatastore : w.DatastoreChoice;
        return w.MtDatastores.Contains(datastore) && w.DatastoreTypes.GetValueOrDefault(datastore, "VMFS") is "NFS" or "NFS41";
    }

    /// <summary>TS-4 on every host failback uses: the master target's, and the host an existing original VM returns to.</summary>
    private static bool FreeHostUsed(OracleWorld w) =>
        w.MtHostLicence == "free" || (w.OriginalExists && !w.OriginalOnMtHost && w.OriginalHostLicence == "free");

    private static string[] Words(string name) =>
        name.ToLower(CultureInfo.InvariantCulture).Replace('(', ' ').Replace(')', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool Is2008R2(string os)
    {
        var words = Words(os);
        return words.Contains("windows") && string.Join(' ', words).Contains("2008 r2", StringComparison.Ordinal);
    }

    private static bool IsCentOs66(string os)
    {
        var words = Words(os);
        return words.Contains("centos") && words.Contains("6.6");
    }
}
