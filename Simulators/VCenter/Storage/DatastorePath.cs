using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Storage;

/// <summary>A vSphere datastore path, <c>[datastore1] folder/file.vmdk</c>.</summary>
public readonly record struct DatastorePath(string Datastore, string Path)
{
    public override string ToString() => $"[{Datastore}] {Path}";

    public static DatastorePath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var close = text.IndexOf(']', StringComparison.Ordinal);
        if (!text.StartsWith('[') || close < 2)
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{text}' is not a datastore path; write it as [datastore] folder/file.");
        var path = text[(close + 1)..].Trim();
        if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(p => p is ".." or "."))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{text}' names no file inside the datastore.");
        return new DatastorePath(text[1..close], path);
    }
}
