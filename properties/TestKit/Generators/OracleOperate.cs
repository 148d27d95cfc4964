namespace Failback.TestKit.Generators;

/// <summary>A step that runs an operation.</summary>
public sealed record OracleOperate(OracleOperation Operation) : OracleStep;
