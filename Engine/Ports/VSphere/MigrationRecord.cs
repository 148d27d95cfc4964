namespace Failback.Engine.Ports.VSphere;

/// <summary>A migration the VM went through: storage vMotion changes the datastore, vMotion the host.</summary>
public sealed record MigrationRecord(DateTimeOffset Time, string Kind, string FromHost, string ToHost, string FromDatastore, string ToDatastore)
{
    public const string StorageVMotion = "StorageVMotion";
    public const string VMotion = "VMotion";
}
