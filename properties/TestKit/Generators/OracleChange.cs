namespace Failback.TestKit.Generators;

/// <summary>A step that changes the world between operations: what changed, and how.</summary>
public sealed record OracleChange(string What, Func<OracleWorld, OracleWorld> Apply) : OracleStep
{
    public override string ToString() => What;
}
