namespace Failback.TestKit;

/// <summary>A fixed passphrase salt for tests that install a configuration server outside a drill.</summary>
public static class TestSalt
{
    public static byte[] Bytes => [.. Enumerable.Range(0, Failback.Engine.Components.PassphraseHash.SaltBytes).Select(i => (byte)(0xA5 ^ i))];
}
