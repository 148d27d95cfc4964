using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Failback.Lab.Sessions;

namespace Failback.Lab.Arm;

/// <summary>
/// The roles of bearer tokens the lab registry accepted in the last few seconds, keyed by lab and the token's
/// SHA-256 (the token itself is not kept): the registry opens the lab's journal to check a token, which would cap
/// the ARM API's reads at a few hundred per second. Refused tokens are not remembered, so they are checked each time.
/// </summary>
internal sealed class TokenCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string Lab, string Hash), (LabRole Role, long Until)> _accepted = new();

    private readonly ConcurrentDictionary<string, (string Lab, long Until)> _labs = new();

    /// <summary>
    /// The lab a token opens, for ARM paths that name no vault (Microsoft.Compute, Microsoft.Network): every lab of the
    /// folder is tried once, then the answer is remembered as the accepted roles are.
    /// </summary>
    public (string Lab, LabRole Role)? Find(LabRegistry labs, string token)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (_labs.TryGetValue(hash, out var known) && TimeProvider.System.GetTimestamp() < known.Until && Authenticate(labs, known.Lab, token) is { } role)
            return (known.Lab, role);
        foreach (var lab in labs.List())
            if (Authenticate(labs, lab.Name, token) is { } found)
            {
                if (_labs.Count > 10_000) _labs.Clear();
                _labs[hash] = (lab.Name, TimeProvider.System.GetTimestamp() + (long)(Lifetime.TotalSeconds * TimeProvider.System.TimestampFrequency));
                return (lab.Name, found);
            }
        return null;
    }

    public LabRole? Authenticate(LabRegistry labs, string lab, string token)
    {
        var key = (lab, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        var now = TimeProvider.System.GetTimestamp();
        if (_accepted.TryGetValue(key, out var known) && now < known.Until) return known.Role;
        if (labs.Authenticate(lab, token) is not { } role)
        {
            _accepted.TryRemove(key, out _);
            return null;
        }
        if (_accepted.Count > 10_000) _accepted.Clear();
        _accepted[key] = (role, now + (long)(Lifetime.TotalSeconds * TimeProvider.System.TimestampFrequency));
        return role;
    }
}
