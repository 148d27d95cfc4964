namespace Failback.Simulators.VCenter.Server;

/// <summary>The vSphere privilege ids the simulator checks, spelled as vSphere spells them.</summary>
public static class Privileges
{
    public const string SystemAnonymous = "System.Anonymous";
    public const string SystemView = "System.View";
    public const string SystemRead = "System.Read";
    public const string DatastoreBrowse = "Datastore.Browse";
    public const string DatastoreAllocateSpace = "Datastore.AllocateSpace";
    public const string DatastoreFileManagement = "Datastore.FileManagement";
    public const string VmCreate = "VirtualMachine.Inventory.Create";
    public const string VmRegister = "VirtualMachine.Inventory.Register";
    public const string VmDelete = "VirtualMachine.Inventory.Delete";
    public const string VmUnregister = "VirtualMachine.Inventory.Unregister";
    public const string VmPowerOn = "VirtualMachine.Interact.PowerOn";
    public const string VmPowerOff = "VirtualMachine.Interact.PowerOff";
    public const string VmAdvancedConfig = "VirtualMachine.Config.AdvancedConfig";
    public const string VmSettings = "VirtualMachine.Config.Settings";
    public const string VmAddNewDisk = "VirtualMachine.Config.AddNewDisk";
    public const string VmAddExistingDisk = "VirtualMachine.Config.AddExistingDisk";
    public const string VmAddRemoveDevice = "VirtualMachine.Config.AddRemoveDevice";
    public const string VmRemoveDisk = "VirtualMachine.Config.RemoveDisk";
    public const string VmCreateSnapshot = "VirtualMachine.State.CreateSnapshot";
    public const string VmRemoveSnapshot = "VirtualMachine.State.RemoveSnapshot";
    public const string VmGuestQuery = "VirtualMachine.GuestOperations.Query";
    public const string VmGuestModify = "VirtualMachine.GuestOperations.Modify";
    public const string ResourceColdMigrate = "Resource.ColdMigrate";
    public const string ResourceHotMigrate = "Resource.HotMigrate";
    public const string HostAddToCluster = "Host.Inventory.AddHostToCluster";
    public const string HostAddStandalone = "Host.Inventory.AddStandaloneHost";
    public const string GlobalLicenses = "Global.Licenses";

    /// <summary>The privileges of vSphere's built-in Read-only role.</summary>
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>(StringComparer.Ordinal) { SystemAnonymous, SystemView, SystemRead };
}
