namespace Failback.TestKit.Generators;

/// <summary>A replication group member's recovery point as the oracle draws it: its number, the minute it was tagged, its kind.</summary>
public sealed record OraclePoint(int Number, int Minute, bool AppConsistent);
