namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>diskState: ReadyToUpload then ActiveUpload while an upload SAS is granted, ActiveSAS while a read SAS is.</summary>
public enum DiskState { Unattached, Attached, ReadyToUpload, ActiveUpload, ActiveSAS }
