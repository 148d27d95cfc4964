using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Failback.Engine.Components;

/// <summary>
/// How the configuration server keeps its registration passphrase: PBKDF2 with HMAC-SHA-256, a 16-byte
/// salt and a fixed iteration count, stored as <c>pbkdf2-sha256$ITERATIONS$SALT$KEY</c> (hex). A copied
/// database then yields neither the passphrase nor a hash that a precomputed table reverses. The salt comes
/// from the caller (the simulation's seeded generator): the engine draws no ambient randomness.
/// </summary>
public static class PassphraseHash
{
    public const string Scheme = "pbkdf2-sha256";
    // 10,000 rounds: every server registration verifies the passphrase, and a drill explored over many seeds
    // registers several per seed (100,000 rounds cost ~100 ms of CPU per seed). The count is stored with the key,
    // so a database written with another count still verifies.
    public const int Iterations = 10_000;
    public const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static string Create(string passphrase, ReadOnlySpan<byte> salt)
    {
        if (salt.Length < SaltBytes) throw new ArgumentException($"The passphrase salt must have at least {SaltBytes} bytes, not {salt.Length}.", nameof(salt));
        var key = Derive(passphrase, salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToHexString(salt), Convert.ToHexString(key));
    }

    /// <summary>True when <paramref name="passphrase"/> derives the stored key; compared in constant time.</summary>
    public static bool Verify(string passphrase, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
            throw new FormatException($"The stored passphrase is not in the form {Scheme}$ITERATIONS$SALT$KEY.");
        var salt = Convert.FromHexString(parts[2]);
        var expected = Convert.FromHexString(parts[3]);
        return CryptographicOperations.FixedTimeEquals(Derive(passphrase, salt, iterations), expected);
    }

    private static byte[] Derive(string passphrase, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
}
