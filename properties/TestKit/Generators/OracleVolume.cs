namespace Failback.TestKit.Generators;

/// <summary>A master-target volume as the oracle's world holds it: file system ("" unformatted), lock, size, use, install volume.</summary>
public sealed record OracleVolume(string Name, string FileSystem, long Size, bool Locked, string? UsedFor, bool Install);
