namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>How a managed disk gets its first content.</summary>
public enum DiskCreateOption { Empty, Upload, Import, Copy }
