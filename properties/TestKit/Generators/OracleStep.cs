namespace Failback.TestKit.Generators;

/// <summary>One step: an operation, or a change of the world between operations.</summary>
public abstract record OracleStep;
