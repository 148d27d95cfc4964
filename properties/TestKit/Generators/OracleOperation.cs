namespace Failback.TestKit.Generators;

/// <summary>The operations the oracle judges.</summary>
public enum OracleOperation
{
    EnableProtection,
    FailoverToAzure,
    ReprotectToOnPremises,
    FailoverToOnPremises,
    Commit,
    ReprotectToAzure,
}
