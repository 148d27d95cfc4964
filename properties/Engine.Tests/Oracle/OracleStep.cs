namespace Failback.Engine.Tests.Oracle;

/// <summary>The operations the oracle judges.</summary>
internal enum OracleOperation
{
    EnableProtection,
    FailoverToAzure,
    ReprotectToOnPremises,
    FailoverToOnPremises,
    Commit,
    ReprotectToAzure,
}

/// <summary>One step: an operation, or a change of the world between operations.</summary>
internal abstract record OracleStep;

internal sealed record Operate(OracleOperation Operation) : OracleStep;

internal sealed record Change(string What, Func<OracleWorld, OracleWorld> Apply) : OracleStep
{
    public override string ToString() => What;
}
