using FsCheck;
using FsCheck.Fluent;

namespace Failback.TestKit.Generators;

/// <summary>
/// Random rule-level worlds and random operation sequences with world changes between them (issue 16's rule oracle):
/// <see cref="Cases"/> for <c>Prop.ForAll</c>. A property judges each operation in the world of its moment.
/// </summary>
public static class OracleGen
{
    /// <summary>OS names as vSphere's guest ids and the guests themselves spell them.</summary>
    private static readonly string[] ItemOses =
    [
        "Windows Server 2008 R2 SP1", "Microsoft Windows Server 2008 R2 (64-bit)", "windows server 2008 r2 standard sp1",
        "Windows Server 2008 R2  Enterprise SP1 (64-bit)", "Windows Server 2008 (64-bit)", "Windows Server 2012 R2",
        "Microsoft Windows Server 2016 (64-bit)", "CentOS 6.6", "Red Hat Enterprise Linux 7 (64-bit)",
    ];

    private static readonly string[] MtOses = ["CentOS 6.6", "CentOS 6.6 (64-bit)", "centos 6.6 minimal", "CentOS release 6.6 (Final)", "CentOS 6.5", "CentOS 7.9", "Ubuntu 16.04"];
    private static readonly string[] FileSystems = ["NTFS", "ReFS", "FAT", "FAT32", "fat32", "ext4", "xfs", "ext3", "vfat", ""];
    private static readonly string?[] Uses = [null, null, null, "", "replication", "Replication", "replication target", "cache", "database", "logs"];
    private static readonly string?[] EnableUuids = ["True", "True", "True", "true", "TRUE", "\"True\"", "False", null];
    private static readonly string[] Datastores = ["ds1", "ds-nfs", "ds-vsan", "ds-vvol"];
    /// <summary>vSphere's summary.type spellings: NFS is NFS 3, NFS41 NFS 4.1.</summary>
    private static readonly string[] DatastoreTypes = ["VMFS", "VMFS", "VMFS", "vsan", "NFS", "NFS41"];
    private static readonly string[] Licences = ["paid", "paid", "evaluation", "free"];
    private static readonly string[] Roles = ["admin", "admin", "admin", "read-only", "no-vm-permission", "undiscovered"];
    private static readonly string[] Links = ["vpn", "vpn", "er", "none"];

    private static Gen<bool> Mostly(bool value) => Gen.Frequency((6, Gen.Constant(value)), (1, Gen.Constant(!value)));

    private static Gen<OracleVolume> Volume =>
        from fs in Gen.Elements(FileSystems)
        from size in Gen.Frequency((6, Gen.Choose(1, 500).Select(g => g * (1L << 30))), (1, Gen.Constant(0L)))
        from locked in Mostly(false)
        from use in Gen.Elements(Uses)
        select new OracleVolume("", fs, size, locked, use, false);

    private static Gen<OracleWorld> Worlds =>
        from physical in Mostly(false)
        from itemOs in Gen.Elements(ItemOses)
        from disks in Gen.Choose(1, 8)
        from bootFs in Gen.Elements("ext4", "xfs", "reiserfs", "XFS", "ntfs")
        from mtLinux in Gen.Elements(false, true)
        from mtOs in Gen.Elements(MtOses)
        from count in Gen.Choose(1, 4)
        from volumes in Gen.ArrayOf(Volume, count)
        from installIndex in Gen.Choose(-1, 3)
        from pick in Gen.Choose(0, 4)
        from mtDatastores in Gen.SubListOf(Datastores).Where(l => l.Count > 0)
        from originalDs in Gen.Elements(Datastores)
        from chosenDs in Gen.Elements(Datastores)
        from flags in Gen.ArrayOf(Mostly(true), 24)
        from uuid in Gen.Elements(EnableUuids)
        from mtLic in Gen.Elements(Licences)
        from origLic in Gen.Elements(Licences)
        from role in Gen.Elements(Roles)
        from link in Gen.Elements(Links)
        from attached in Gen.Frequency((5, Gen.Choose(0, 20)), (1, Gen.Choose(52, 60)))
        let vols = volumes.Select((v, i) => v with { Name = mtLinux ? $"/mnt/v{i}" : $"{(char)('R' + i)}:", Install = i == installIndex }).ToList()
        // Drawn last, so the draws above (and the cells their budget reaches) stay as they were before MT-6 to MT-8 and RP-10.
        from mtFlags in Gen.ArrayOf(Mostly(true), 3)
        from types in Gen.ArrayOf(Gen.Elements(DatastoreTypes), Datastores.Length)
        select new OracleWorld
        {
            Physical = physical, ItemOs = itemOs, ItemDisks = disks, SourceBootFs = bootFs,
            CsRunning = flags[0], ItemInCsDatabase = flags[1],
            AzureNetworkExists = flags[2], Link = link, LinkOnVmNetwork = flags[3], PublicPeering = flags[4], VmBlockedTo443 = !flags[5],
            VCenterRole = role,
            PsInAzure = flags[6], PsRunning = flags[7], PsHeartbeat = flags[8], PsModelMatches = flags[9], PsNetworkMatches = flags[10],
            PsOnPremRegistered = flags[22], PsOnPremRunning = flags[11], PsOnPremHeartbeat = flags[12], MtDiscovered = flags[23],
            MtOnEsxi = flags[13], MtHostDiscovered = flags[14], MtHostLicence = mtLic, MtLinux = mtLinux,
            MtOs = mtLinux ? mtOs : "Windows Server 2016", MtPackagesComplete = flags[15], MtReiserFsPackages = flags[16], MtCustomChanges = flags[17], MtLayoutExt4 = flags[17] || flags[16],
            MtRegistered = flags[18], MtEnableUuid = uuid, MtStorageVMotioned = !flags[19], MtAttachedDisks = attached, Volumes = vols,
            MtDatastores = mtDatastores.ToList(), SameNameVmOnMtHost = !flags[20],
            OriginalExists = flags[21], OriginalDatastore = originalDs, OriginalOnVCenter = flags[1] || flags[2], OriginalSnapshots = !flags[0] && !flags[3],
            OriginalOnMtHost = pick == 0, OriginalHostLicence = origLic,
            RetentionChoice = pick < vols.Count ? vols[pick].Name : "Z:", DatastoreChoice = chosenDs,
            MtSnapshots = !mtFlags[0], MtParavirtual = !mtFlags[1], MtToolsRunning = mtFlags[2],
            DatastoreTypes = Datastores.Zip(types).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
        };

    /// <summary>
    /// A world where failback can work (the random one repaired, keeping its spellings, sizes and names), so the
    /// accepting side of every operation is reached and the world changes between operations do the breaking.
    /// </summary>
    private static OracleWorld Repaired(OracleWorld w)
    {
        var volumes = w.Volumes.ToList();
        volumes[0] = volumes[0] with { FileSystem = w.MtLinux ? "ext4" : "NTFS", Size = Math.Max(volumes[0].Size, 1L << 30), Locked = false, UsedFor = null, Install = false };
        return w with
        {
            CsRunning = true, ItemInCsDatabase = true, AzureNetworkExists = true, Link = w.Link == "none" ? "vpn" : w.Link, LinkOnVmNetwork = true,
            PublicPeering = true, VmBlockedTo443 = false, VCenterRole = "admin", PsInAzure = true, PsRunning = true, PsHeartbeat = true,
            PsModelMatches = true, PsNetworkMatches = true, PsOnPremRegistered = true, PsOnPremRunning = true, MtDiscovered = true, PsOnPremHeartbeat = true, MtOnEsxi = true,
            MtHostDiscovered = true, MtHostLicence = w.MtHostLicence == "free" ? "evaluation" : w.MtHostLicence,
            MtOs = w.MtLinux ? "CentOS 6.6" : w.MtOs, MtPackagesComplete = true, MtReiserFsPackages = true, MtCustomChanges = true, MtRegistered = true,
            MtEnableUuid = "True", MtStorageVMotioned = false, MtAttachedDisks = Math.Min(w.MtAttachedDisks, 20), Volumes = volumes,
            MtDatastores = w.MtDatastores.Append(w.OriginalDatastore).Append(w.DatastoreChoice).Distinct().ToList(), SameNameVmOnMtHost = false,
            OriginalSnapshots = false, OriginalHostLicence = w.OriginalHostLicence == "free" ? "paid" : w.OriginalHostLicence,
            RetentionChoice = volumes[0].Name, MtSnapshots = false, MtParavirtual = false, MtToolsRunning = true,
            // Failback writes to the original VM's datastore, else to the one named: that one not NFS (the other may be).
            DatastoreTypes = new Dictionary<string, string>(w.DatastoreTypes, StringComparer.Ordinal) { [w.OriginalExists ? w.OriginalDatastore : w.DatastoreChoice] = "VMFS" },
        };
    }

    /// <summary>The changes users make between operations: ones that break a rule and ones that repair it.</summary>
    private static Gen<OracleStep> Changes =>
        from kind in Gen.Choose(0, 32)
        from licence in Gen.Elements(Licences)
        from paravirtual in Gen.Elements(true, false)
        from datastore in Gen.Elements(Datastores)
        select (OracleStep)(kind switch
        {
            0 => new OracleChange("storage vMotion of the master target", w => w with { MtStorageVMotioned = true }),
            1 => new OracleChange($"master target host licence {licence}", w => w with { MtHostLicence = licence }),
            2 => new OracleChange($"original VM host licence {licence}", w => w with { OriginalHostLicence = licence }),
            3 => new OracleChange("configuration server lost", w => w with { CsRunning = false }),
            4 => new OracleChange("configuration server restored from an old backup", w => w with { CsRunning = true, ItemInCsDatabase = false }),
            5 => new OracleChange("configuration server restored from a recent backup", w => w with { CsRunning = true }),
            6 => new OracleChange("snapshot taken of the original VM", w => w with { OriginalSnapshots = true }),
            7 => new OracleChange("snapshots deleted", w => w with { OriginalSnapshots = false }),
            8 => new OracleChange("Azure process server stopped", w => w with { PsRunning = false }),
            9 => new OracleChange("Azure process server started", w => w with { PsRunning = true }),
            10 => new OracleChange("vCenter account made read-only", w => w with { VCenterRole = "read-only" }),
            11 => new OracleChange("vCenter account made administrator", w => w with { VCenterRole = "admin" }),
            12 => new OracleChange("on-premises process server loses port 443", w => w with { PsOnPremHeartbeat = false }),
            13 => new OracleChange("site link torn down", w => w with { Link = "none" }),
            14 => new OracleChange("link moved to another Azure network", w => w with { LinkOnVmNetwork = false }),
            15 => new OracleChange("ExpressRoute public peering removed", w => w with { PublicPeering = false }),
            16 => new OracleChange("Azure recovery network deleted", w => w with { AzureNetworkExists = false }),
            17 => new OracleChange("vCenter account loses the right to see VMs", w => w with { VCenterRole = "no-vm-permission" }),
            18 => new OracleChange("link and account repaired", w => w with { Link = w.Link == "none" ? "vpn" : w.Link, LinkOnVmNetwork = true, PublicPeering = true, AzureNetworkExists = true, VCenterRole = "admin" }),
            19 => new OracleChange("on-premises process server reaches port 443", w => w with { PsOnPremHeartbeat = true }),
            20 => new OracleChange("on-premises process server uninstalled", w => w with { PsOnPremRegistered = false }),
            21 => new OracleChange("on-premises process server installed again", w => w with { PsOnPremRegistered = true }),
            22 => new OracleChange("master target unregistered from the configuration server", w => w with { MtDiscovered = false }),
            23 => new OracleChange("master target registered again", w => w with { MtDiscovered = true }),
            24 => new OracleChange("vCenter no longer discovered by the configuration server", w => w with { VCenterRole = "undiscovered" }),
            25 => new OracleChange("original VM deleted", w => w with { OriginalExists = false }),
            26 => new OracleChange("snapshot of the master target taken by a backup tool", w => w with { MtSnapshots = true }),
            27 => new OracleChange("master target's snapshots deleted", w => w with { MtSnapshots = false }),
            28 => new OracleChange("VMware Tools stopped on the master target", w => w with { MtToolsRunning = false }),
            29 => new OracleChange("VMware Tools running again on the master target", w => w with { MtToolsRunning = true }),
            30 => new OracleChange($"master target's SCSI controller changed to {(paravirtual ? "Paravirtual" : "LSI Logic")}", w => w with { MtParavirtual = paravirtual }),
            31 => new OracleChange($"original VM storage-vMotioned to {datastore}", w => w with { OriginalDatastore = datastore }),
            _ => new OracleChange("a VM of the machine's name created on the master target's host", w => w with { SameNameVmOnMtHost = true }),
        });

    private static Gen<OracleStep> Steps => Gen.Frequency(
        (5, Gen.Elements(Enum.GetValues<OracleOperation>()).Select(o => (OracleStep)new OracleOperate(o))),
        (1, Changes));

    public static Arbitrary<(OracleWorld World, OracleStep[] Steps)> Cases =>
        (from random in Worlds
         from repair in Gen.Frequency((1, Gen.Constant(false)), (2, Gen.Constant(true)))
         let world = repair ? Repaired(random) : random
         from count in Gen.Choose(8, 40)
         from steps in Gen.ArrayOf(Steps, count)
         select (world, steps)).ToArbitrary();

    /// <summary>The cycle's operations in order, each tried twice where a refusal can be repaired by a change before the retry.</summary>
    private static readonly OracleOperation[] Cycle =
    [
        OracleOperation.EnableProtection, OracleOperation.FailoverToAzure, OracleOperation.ReprotectToOnPremises, OracleOperation.ReprotectToOnPremises,
        OracleOperation.FailoverToOnPremises, OracleOperation.FailoverToOnPremises, OracleOperation.Commit, OracleOperation.ReprotectToAzure, OracleOperation.ReprotectToAzure,
    ];

    /// <summary>
    /// A world where failback can work going round the cycle in order, with none to two world changes before each operation:
    /// what the matrix says can change between operations (a role, a licence, a process server, the link) meets the
    /// operation after it, as random operation orders rarely make it do.
    /// </summary>
    public static Arbitrary<(OracleWorld World, OracleStep[] Steps)> CycleCases =>
        (from random in Worlds
         from gaps in Gen.ArrayOf(Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Changes, n)), Cycle.Length)
         select (Repaired(random), Cycle.SelectMany((o, i) => gaps[i].Append(new OracleOperate(o))).ToArray())).ToArbitrary();

    /// <summary>Group changes between operations: a member reprotected to another master target outside the plan, or all back on mt-01.</summary>
    private static readonly OracleChange[] GroupChanges =
    [
        new("a replication group member reprotected to mt-02 outside the plan", w => w with { GroupMasterTargets = [.. w.GroupMasterTargets.Skip(1), .. w.GroupMasterTargets.Take(1).Select(_ => "mt-02")] }),
        new("the replication group reprotected to mt-01 again", w => w with { GroupMasterTargets = [.. w.GroupMasterTargets.Select(_ => "mt-01")] }),
    ];

    /// <summary>
    /// The cases of <see cref="Cases"/> with the machine in a replication group of two to four members (the others' master
    /// targets drawn, mostly the machine's mt-01) and a group change slipped in between two steps (RP-9). Kept apart from
    /// <see cref="Cases"/> so that its draws, and the cells its budget reaches, stay as they were.
    /// </summary>
    public static Arbitrary<(OracleWorld World, OracleStep[] Steps)> GroupCases =>
        (from c in Cases.Generator
         from others in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements("mt-01", "mt-01", "mt-02"), n))
         from at in Gen.Choose(0, c.Item2.Length)
         from change in Gen.Elements(GroupChanges)
         select (c.Item1 with { GroupMasterTargets = others }, (OracleStep[])[.. c.Item2.Take(at), change, .. c.Item2.Skip(at)])).ToArbitrary();

    /// <summary>
    /// A replication group's recovery points, for the group's common point (a failover of its plan with latest or
    /// latest-app-consistent): two to four members tagged on one clock (a crash-consistent point every 5 minutes, an
    /// app-consistent one every 60), each from its own start (a member protected later, a retention window), to its own
    /// end (its latest points not all in yet), with its own gap (a process server down); and whether app-consistent is asked.
    /// </summary>
    public static Arbitrary<(OraclePoint[][] Members, bool AppConsistent)> GroupPoints =>
        (from ticks in Gen.Choose(2, 40)
         from members in Gen.ArrayOf(MemberPoints(ticks), 2).SelectMany(two => Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(MemberPoints(ticks), n)).Select(more => two.Concat(more).ToArray()))
         from appConsistent in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
         select (members, appConsistent)).ToArbitrary();

    private static Gen<OraclePoint[]> MemberPoints(int ticks) =>
        from start in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, ticks)))
        from end in Gen.Frequency((3, Gen.Constant(ticks)), (1, Gen.Choose(Math.Max(start, ticks - 3), ticks)))
        from gapAt in Gen.Choose(start, ticks)
        from gapLength in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 14)))
        select Tagged(Enumerable.Range(start, end - start + 1).Where(t => t < gapAt || t >= gapAt + gapLength));

    /// <summary>Where an app-consistent point falls on a crash-consistent moment both are listed, the app-consistent one last.</summary>
    private static OraclePoint[] Tagged(IEnumerable<int> ticks)
    {
        var points = new List<OraclePoint>();
        foreach (var t in ticks)
        {
            points.Add(new OraclePoint(points.Count + 1, t * 5, false));
            if (t % 12 == 0) points.Add(new OraclePoint(points.Count + 1, t * 5, true));
        }
        return [.. points];
    }
}
