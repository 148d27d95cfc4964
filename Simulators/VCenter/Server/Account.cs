namespace Failback.Simulators.VCenter.Server;

/// <summary>A user of one server and the role it holds on the server's root folder (propagating to everything).</summary>
public sealed class Account(string userName, string password, Role role)
{
    public string UserName { get; } = userName;
    internal string Password { get; set; } = password;
    public Role Role { get; internal set; } = role;
}
