namespace Failback.Engine.Ports.VSphere;

/// <summary>The vSphere fault types the port can raise, named as the vSphere API names them.</summary>
public enum VSphereFaultType
{
    /// <summary>The session's role lacks <see cref="VSphereFault.Privilege"/> on <see cref="VSphereFault.Object"/>.</summary>
    NoPermission,
    InvalidLogin,
    NotAuthenticated,
    /// <summary>The object does not exist (any more) on this server.</summary>
    ManagedObjectNotFound,
    DuplicateName,
    InvalidArgument,
    InvalidState,
    InvalidPowerState,
    ResourceInUse,
    /// <summary>The host (or its HA admission control) cannot admit what is asked: memory reservations at power-on, space on a
    /// datastore (vSphere's InsufficientResourcesFault, the base of InsufficientMemoryResourcesFault and InsufficientStorageSpace).</summary>
    InsufficientResourcesFault,
    HostNotConnected,
    /// <summary>Cannot reach the server at all (wrong address, or the server is down).</summary>
    HostConnectFault,
    /// <summary>A datastore path names no file.</summary>
    FileNotFound,
    /// <summary>The datastore is not accessible (all paths down), or not mounted on the host that needs it.</summary>
    InaccessibleDatastore,
    /// <summary>The host's licence (ESXi free edition) forbids API writes.</summary>
    RestrictedVersion,
    /// <summary>The licence key is unknown or does not fit the asset.</summary>
    InvalidLicense,
    NotSupported,
    /// <summary>A file (a VMDK) is locked: its running VM or an open handle holds it (vSphere's FileLocked).</summary>
    FileLocked,
    /// <summary>The VM has as many snapshot levels as it may have (vSphere's TooManySnapshotLevels).</summary>
    TooManySnapshotLevels,
}

/// <summary>
/// A vSphere fault: a method fault thrown by a call (NoPermission, ManagedObjectNotFound, InvalidLogin),
/// or the error of a task (InvalidPowerState, DuplicateName, ...). <see cref="Privilege"/> and
/// <see cref="Object"/> say which privilege was missing on which object, or which object is at fault.
/// </summary>
public sealed class VSphereFault : Exception
{
    public VSphereFault(VSphereFaultType faultType, string message, ManagedObjectReference? obj = null, string? privilege = null)
        : base($"{faultType}: {message}")
    {
        FaultType = faultType;
        Object = obj;
        Privilege = privilege;
        LocalizedMessage = message;
    }

    public VSphereFaultType FaultType { get; }
    public ManagedObjectReference? Object { get; }
    public string? Privilege { get; }
    /// <summary>The message without the fault type, as vSphere's <c>localizedMessage</c>.</summary>
    public string LocalizedMessage { get; }
}
