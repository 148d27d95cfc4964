using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Vault;
using Xunit;

namespace Failback.Engine.Tests.Accounts;

/// <summary>The configuration server's run-as accounts: ids, unique names, updates, which servers use them; no password in what they show.</summary>
public sealed class RunAsAccountsTests
{
    [Fact]
    public void AccountsAreNamedByIdOrNameAndUpdatingOneKeepsItsServers()
    {
        var accounts = new RunAsAccounts();
        var vc = accounts.Add("vCenter_account", "readonly@vsphere.local", "S3cret!1");
        var linux = accounts.Add("LinuxAccount", "root", "L1nux!pw");
        Assert.Equal(("1", "2"), (vc.AccountId, linux.AccountId));
        Assert.Same(vc, accounts.Find("1"));
        Assert.Same(vc, accounts.Find("VCENTER_ACCOUNT")); // names are case-insensitive, as the portal's
        Assert.Equal("FB7013", Assert.Throws<AsrException>(() => accounts.Add("vcenter_account", "x", "y")).Error.Code);
        var missing = Assert.Throws<AsrException>(() => accounts.Find("3"));
        Assert.Equal("FB7012", missing.Error.Code);
        Assert.Contains("accounts: 1 (vCenter_account), 2 (LinuxAccount)", missing.Error.Message, StringComparison.Ordinal);

        accounts.Use("vc1.corp.local", vc);
        accounts.Use("esxi-09.corp.local", vc);
        accounts.Use("vc2.corp.local", linux);
        var updated = accounts.Update("1", "administrator@vsphere.local", "N3w!pass");
        Assert.Equal(new RunAsAccount("1", "vCenter_account", "administrator@vsphere.local"), updated);
        Assert.Equal("N3w!pass", accounts.Password(updated));
        Assert.Equal(["esxi-09.corp.local", "vc1.corp.local"], accounts.ServersOf(updated));
        accounts.Use("vc1.corp.local", null); // re-added with plain credentials: no longer the account's
        Assert.Equal(["esxi-09.corp.local"], accounts.ServersOf(updated));
        // What the vault shows of an account never holds its password.
        Assert.DoesNotContain("N3w!pass", string.Join(";", accounts.All), StringComparison.Ordinal);
    }
}
