namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// A virtual disk: its device key and SCSI unit, capacity, and the datastore path of the newest file of
/// its chain (<c>[ds1] vm/vm-000001.vmdk</c> while a snapshot exists).
/// </summary>
public sealed record VirtualDiskInfo(int Key, int UnitNumber, string Label, long CapacityBytes, bool ThinProvisioned, string FileName, ManagedObjectReference Datastore, string Uuid);
