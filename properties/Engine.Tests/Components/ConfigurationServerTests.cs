using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Components;
using Failback.Engine.Tests.Replication;
using Failback.Simulators.Kernel;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Failback.Engine.Tests.Components;

public class ConfigurationServerTests
{
    private const string Passphrase = "correct-horse-battery";
    private readonly VirtualClock _clock = new();

    private ConfigurationServer Install(TempDirectory dir) =>
        ConfigurationServer.Create(dir.File("cs.db"), "cs-contoso", "10.0.0.5", Passphrase, TestSalt.Bytes, _clock);

    private static ItemDiskRecord[] Disks => [new ItemDiskRecord("", "disk-1", 64 << 20, "vhd://disk-1"), new ItemDiskRecord("", "disk-2", 32 << 20, null)];

    [Fact]
    public void TheDatabaseIsASqliteFileWithAVersionedSchemaThatSurvivesARestart()
    {
        using var dir = new TempDirectory();
        string itemId;
        using (var cs = Install(dir))
        {
            var (forward, _) = cs.CreatePolicy("gold", TimeSpan.FromMinutes(30), TimeSpan.FromHours(24), TimeSpan.FromHours(1));
            itemId = cs.AddProtectedItem("web-1", "vm-12", "VMwareVm", forward.Id, Disks).Id;
            cs.Database.SavePair(new ReplicationPairRecord("pair-1", itemId, "OnPremisesToAzure", "ps-1", null, "/retention/pair-1", "Replicating", 42, _clock.GetUtcNow()));
            cs.Database.SaveJob(new JobRecord("job-1", "EnableProtection", itemId, "Succeeded", "Completed", _clock.GetUtcNow(), _clock.GetUtcNow(), null, null));
        }
        using var raw = new SqliteConnection($"Data Source={dir.File("cs.db")};Pooling=False");
        raw.Open();
        using (var command = raw.CreateCommand())
        {
            command.CommandText = "PRAGMA user_version";
            Assert.Equal((long)ConfigurationDatabase.SchemaVersion, command.ExecuteScalar());
        }
        raw.Close();

        using var reopened = ConfigurationServer.Open(dir.File("cs.db"), _clock);
        Assert.Equal("10.0.0.5", reopened.IpAddress);
        Assert.Equal(["disk-1", "disk-2"], reopened.Database.Disks(itemId).Select(d => d.DiskId));
        Assert.Equal(42, reopened.Database.FindPair("pair-1")!.AppliedSequence);
        Assert.Equal("Succeeded", Assert.Single(reopened.Database.Jobs()).State);
        Assert.Equal(2, reopened.Database.Policies().Count);
    }

    [Fact]
    public void ADatabaseFromANewerEngineIsRefusedWithTheReason()
    {
        using var dir = new TempDirectory();
        using (var raw = new SqliteConnection($"Data Source={dir.File("new.db")};Pooling=False"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {ConfigurationDatabase.SchemaVersion + 1}";
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<AsrException>(() => ConfigurationDatabase.Open(dir.File("new.db")));
        Assert.Equal("FB7004", error.Error.Code);
        Assert.Contains("newer than this engine", error.Message);
    }

    [Fact]
    public void POL1_AFailbackPolicyIsCreatedWithTheForwardPolicyAssociatedWithTheConfigurationServer()
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        var (forward, failback) = cs.CreatePolicy("gold", TimeSpan.FromMinutes(30), TimeSpan.FromHours(72), null);
        Assert.False(forward.IsFailback);
        Assert.True(failback.IsFailback);
        Assert.Equal("gold-failback", failback.Name);
        Assert.Equal(cs.Id, failback.ConfigurationServerId);
        Assert.Equal(failback.Id, forward.PairedPolicyId);
        Assert.Equal(failback, cs.FailbackPolicyFor(forward.Id));
    }

    [Fact]
    public void POL2_TheFailbackPolicyHasRpo15MinutesRetention24HoursAndAppConsistentEvery60Minutes()
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        var (_, failback) = cs.CreatePolicy("silver", TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), TimeSpan.FromMinutes(30));
        var stored = cs.Policy(failback.Id);
        Assert.Equal(TimeSpan.FromMinutes(15), stored.RpoThreshold);
        Assert.Equal(TimeSpan.FromHours(24), stored.RecoveryPointRetention);
        Assert.Equal(TimeSpan.FromMinutes(60), stored.AppConsistentFrequency);
    }

    [Fact]
    public void POL1_TheFailbackPolicyCannotBeEditedAndTheForwardOneCan()
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        var (forward, failback) = cs.CreatePolicy("gold", TimeSpan.FromMinutes(30), TimeSpan.FromHours(24), TimeSpan.FromHours(1));
        var error = Assert.Throws<AsrException>(() => cs.UpdatePolicy(failback with { RpoThreshold = TimeSpan.FromMinutes(60) }));
        Assert.Equal("FB7010", error.Error.Code);
        Assert.Contains("failback policy", error.Message);
        Assert.Equal(TimeSpan.FromMinutes(15), cs.Policy(failback.Id).RpoThreshold);

        var edited = cs.UpdatePolicy(forward with { RpoThreshold = TimeSpan.FromMinutes(45) });
        Assert.Equal(TimeSpan.FromMinutes(45), cs.Policy(forward.Id).RpoThreshold);
        Assert.Equal(failback.Id, edited.PairedPolicyId);
    }

    [Theory]
    [InlineData(0, 24, 60, "RPO threshold")]
    [InlineData(15, 73, 60, "retention")]
    [InlineData(15, 24, 2, "app-consistent")]
    public void AnInvalidForwardPolicyIsRefusedAndNothingIsStored(int rpoMinutes, int retentionHours, int appMinutes, string named)
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        var error = Assert.Throws<ArgumentException>(() => cs.CreatePolicy("bad", TimeSpan.FromMinutes(rpoMinutes), TimeSpan.FromHours(retentionHours), TimeSpan.FromMinutes(appMinutes)));
        Assert.Contains(named, error.Message);
        Assert.Empty(cs.Database.Policies());
    }

    [Fact]
    public void MT3_ServersRegisterOnlyWithTheRightPassphrase()
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        var error = Assert.Throws<AsrException>(() => cs.RegisterServer(ServerRole.MasterTarget, "mt-1", "10.0.0.7", "OnPremises", "wrong-passphrase"));
        Assert.Equal("FB7006", error.Error.Code);
        Assert.Empty(cs.Servers(ServerRole.MasterTarget));

        var mt = cs.RegisterServer(ServerRole.MasterTarget, "mt-1", "10.0.0.7", "OnPremises", Passphrase);
        var ps = cs.RegisterServer(ServerRole.ProcessServer, "ps-azure", "172.16.0.4", "Azure", Passphrase);
        Assert.Equal("mt-1", mt.Id);
        Assert.Equal("ps-1", ps.Id);
        Assert.Equal(mt, cs.RegisterServer(ServerRole.MasterTarget, "mt-1", "10.0.0.7", "OnPremises", Passphrase));
    }

    /// <summary>The server skips the derivation for the passphrase that last matched, but only while the stored key is the one it matched.</summary>
    [Fact]
    public void MT3_AfterARightPassphraseAWrongOneIsStillRefusedAndANewKeyIsDerivedAgain()
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        cs.RegisterServer(ServerRole.ProcessServer, "ps-1", "10.0.0.6", "OnPremises", Passphrase);
        Assert.Equal("FB7006", Assert.Throws<AsrException>(() =>
            cs.RegisterServer(ServerRole.MasterTarget, "mt-1", "10.0.0.7", "OnPremises", Passphrase + "x")).Error.Code);

        cs.Database.SetSetting(ConfigurationServer.PassphraseSetting, PassphraseHash.Create("another-passphrase", TestSalt.Bytes));
        Assert.Equal("FB7006", Assert.Throws<AsrException>(() =>
            cs.RegisterServer(ServerRole.MasterTarget, "mt-1", "10.0.0.7", "OnPremises", Passphrase)).Error.Code);
        Assert.Equal("mt-1", cs.RegisterServer(ServerRole.MasterTarget, "mt-1", "10.0.0.7", "OnPremises", "another-passphrase").Id);
    }

    [Fact]
    public void PRE6_ABackupRestoredWithTheSameIpAddressKeepsEveryItem()
    {
        using var dir = new TempDirectory();
        string itemId;
        using (var cs = Install(dir))
        {
            var (forward, _) = cs.CreatePolicy("gold", TimeSpan.FromMinutes(30), TimeSpan.FromHours(24), TimeSpan.FromHours(1));
            itemId = cs.AddProtectedItem("web-1", "vm-12", "VMwareVm", forward.Id, Disks).Id;
            cs.Backup(dir.File("backup.db"));
        }
        File.Delete(dir.File("cs.db")); // the disaster

        using var restored = ConfigurationServer.Restore(dir.File("backup.db"), dir.File("cs-rebuilt.db"), "10.0.0.5", _clock);
        Assert.Equal("10.0.0.5", restored.IpAddress);
        Assert.Equal("web-1", restored.RequireForFailback(itemId).Name);
        Assert.Equal(2, restored.Database.Disks(itemId).Count);
    }

    [Fact]
    public void PRE6_ARestoreWithAnotherIpAddressIsRefusedAndWritesNothing()
    {
        using var dir = new TempDirectory();
        using (var cs = Install(dir)) cs.Backup(dir.File("backup.db"));

        var error = Assert.Throws<AsrException>(() =>
            ConfigurationServer.Restore(dir.File("backup.db"), dir.File("cs-rebuilt.db"), "10.0.0.99", _clock));
        Assert.Equal("FB7005", error.Error.Code);
        Assert.Contains("10.0.0.5", error.Message);
        Assert.Contains("same address", error.Message);
        Assert.False(File.Exists(dir.File("cs-rebuilt.db")));
    }

    [Fact]
    public void PRE6_AnItemMissingFromTheDatabaseCannotFailBackAndTheErrorSaysWhy()
    {
        using var dir = new TempDirectory();
        using (var cs = Install(dir)) cs.Backup(dir.File("old-backup.db"));
        string itemId;
        using (var cs = ConfigurationServer.Open(dir.File("cs.db"), _clock))
        {
            var (forward, _) = cs.CreatePolicy("gold", TimeSpan.FromMinutes(30), TimeSpan.FromHours(24), TimeSpan.FromHours(1));
            itemId = cs.AddProtectedItem("web-1", "vm-12", "VMwareVm", forward.Id, Disks).Id;
        }
        // Restored from a backup older than the item's protection.
        using var restored = ConfigurationServer.Restore(dir.File("old-backup.db"), dir.File("cs-rebuilt.db"), "10.0.0.5", _clock);
        var error = Assert.Throws<AsrException>(() => restored.RequireForFailback(itemId));
        Assert.Equal("FB7011", error.Error.Code);
        Assert.Contains("restored", error.Error.RecommendedAction + error.Error.PossibleCauses);
        Assert.Contains("backup taken after the item was protected", error.Error.RecommendedAction);
    }

    [Fact]
    public void TheOnlineBackupIsConsistentWhileTheServerKeepsWriting()
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        var (forward, _) = cs.CreatePolicy("gold", TimeSpan.FromMinutes(30), TimeSpan.FromHours(24), TimeSpan.FromHours(1));
        for (var i = 0; i < 50; i++) cs.AddProtectedItem($"vm-{i}", $"vm-{i}", "VMwareVm", forward.Id, Disks);
        cs.Backup(dir.File("b.db"));
        cs.AddProtectedItem("late", "vm-late", "VMwareVm", forward.Id, Disks);

        using var backup = ConfigurationDatabase.Open(dir.File("b.db"));
        Assert.Equal(50, backup.Items().Count);
        Assert.Equal(100, backup.Items().Sum(i => backup.Disks(i.Id).Count));
    }

    [Fact]
    public void ThePassphraseIsStoredAsASaltedIteratedKeyNeitherItselfNorItsPlainHash()
    {
        using var dir = new TempDirectory();
        using var cs = Install(dir);
        var stored = cs.Database.GetSetting(ConfigurationServer.PassphraseSetting)!;
        var plainSha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Passphrase)));
        Assert.DoesNotContain(Passphrase, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(plainSha256, stored, StringComparison.OrdinalIgnoreCase);
        // Checked with the framework's own PBKDF2 from the stored fields: scheme, iterations, salt, key.
        var parts = stored.Split('$');
        Assert.Equal(["pbkdf2-sha256", PassphraseHash.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToHexString(TestSalt.Bytes)], parts[..3]);
        Assert.True(PassphraseHash.Iterations >= 10_000, "the iteration count is what makes guessing slow");
        Assert.Equal(parts[3], Convert.ToHexString(System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(
            System.Text.Encoding.UTF8.GetBytes(Passphrase), TestSalt.Bytes, PassphraseHash.Iterations, System.Security.Cryptography.HashAlgorithmName.SHA256, 32)));
        Assert.Null(cs.Database.GetSetting("passphrase_sha256"));

        Assert.Equal("FB7006", Assert.Throws<AsrException>(() =>
            cs.RegisterServer(ServerRole.ProcessServer, "ps-1", "10.0.0.6", "OnPremises", Passphrase + "!")).Error.Code);
        Assert.Equal("FB7006", Assert.Throws<AsrException>(() =>
            cs.RegisterServer(ServerRole.ProcessServer, "ps-1", "10.0.0.6", "OnPremises", plainSha256)).Error.Code);
        Assert.Empty(cs.Servers(ServerRole.ProcessServer));
        Assert.Equal("ps-1", cs.RegisterServer(ServerRole.ProcessServer, "ps-1", "10.0.0.6", "OnPremises", Passphrase).Id);
    }

    [Fact]
    public void TwoServersWithOnePassphraseButDifferentSaltsStoreDifferentKeys()
    {
        using var dir = new TempDirectory();
        using var a = ConfigurationServer.Create(dir.File("a.db"), "cs-a", "10.0.0.5", Passphrase, TestSalt.Bytes, _clock);
        var otherSalt = TestSalt.Bytes;
        otherSalt[^1] ^= 1;
        using var b = ConfigurationServer.Create(dir.File("b.db"), "cs-b", "10.0.0.5", Passphrase, otherSalt, _clock);
        Assert.NotEqual(a.Database.GetSetting(ConfigurationServer.PassphraseSetting)!.Split('$')[3], b.Database.GetSetting(ConfigurationServer.PassphraseSetting)!.Split('$')[3]);
        Assert.Throws<ArgumentException>(() => ConfigurationServer.Create(dir.File("c.db"), "cs-c", "10.0.0.5", Passphrase, new byte[8], _clock));
        Assert.False(File.Exists(dir.File("c.db")), "a refused install leaves no database behind");
    }
}
