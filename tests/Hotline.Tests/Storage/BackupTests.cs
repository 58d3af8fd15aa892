using Hotline.Api.V1;
using Hotline.Hosting.Backup;
using Hotline.Tests.Cluster;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Storage;

/// <summary>
/// Backups of the embedded database, taken with the silo's <c>backup</c> command while the
/// hotline runs: restored under the key folder as it is after an erasure, a backup from
/// before it opens nothing of the erased case and everything of the others.
/// </summary>
public sealed class BackupTests
{
    [Fact]
    public async Task ABackupFromBeforeAnErasureOpensNothingOfTheErasedCaseAndEveryOtherCase()
    {
        var (data, restored) = (HotlineHost.NewDataDirectory(), HotlineHost.NewDataDirectory());
        var backup = Path.Combine(HotlineHost.NewDataDirectory(), "hotline-backup.db");
        var (erasedMarker, keptMarker) = ($"ERASED{Guid.NewGuid():N}", $"KEPT{Guid.NewGuid():N}");
        try
        {
            Contact erased, kept;
            await using (var host = await HotlineHost.StartAsync(data))
            {
                var intake = host.As(People.OperatorIn).Intake;
                erased = await intake.OpenContactAsync(Requests.ContactCarrying(erasedMarker));
                kept = await intake.OpenContactAsync(Requests.ContactCarrying(keptMarker));
                await intake.AbandonContactAsync(new AbandonContactRequest { ContactId = erased.ContactId });
                await intake.AbandonContactAsync(new AbandonContactRequest { ContactId = kept.ContactId });

                var run = await SiloCommandLineTests.RunSiloAsync("backup", "database", "--out", backup, $"--Hotline:Storage:DataDirectory={data}");
                Assert.True(run.Exit == 0, run.Output + run.Error);
                Assert.True(FileModes.IsOwnerOnly(backup));

                await host.As(People.Admin).Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = erased.CaseId });
            }

            var output = new StringWriter();
            Assert.True(HotlineBackup.RestoreDatabase(Settings(restored), backup, output), output.ToString());
            await using (var host = await HotlineHost.StartAsync(restored, null, $"--Hotline:Security:KeyDirectory={Path.Combine(data, "keys")}"))
            {
                await AssertRestoredAsync(host.As(HotlineHost.Staff), erased, kept, keptMarker);
            }
        }
        finally
        {
            foreach (var folder in new[] { data, restored, Path.GetDirectoryName(backup)! })
            {
                HotlineHost.TryDelete(folder);
            }
        }
    }

    [Fact]
    public async Task BackupAndRestoreNeverOverwriteAndRestoreTakesOnlyAHotlineDatabase()
    {
        await using var host = await HotlineHost.StartAsync();
        var folder = HotlineHost.NewDataDirectory();
        Directory.CreateDirectory(folder);
        try
        {
            var output = new StringWriter();
            var taken = Path.Combine(folder, "taken.db");
            Assert.True(HotlineBackup.BackupDatabase(Settings(host.DataDirectory), taken, output), output.ToString());
            Assert.False(HotlineBackup.BackupDatabase(Settings(host.DataDirectory), taken, output));
            Assert.Contains("never overwrites", output.ToString(), StringComparison.Ordinal);

            // The running hotline's own data folder already has a database.
            Assert.False(HotlineBackup.RestoreDatabase(Settings(host.DataDirectory), taken, output));
            Assert.Contains($"{host.DatabaseFile} exists", output.ToString(), StringComparison.Ordinal);

            var notADatabase = Path.Combine(folder, "notes.txt");
            await File.WriteAllTextAsync(notADatabase, "not a database");
            Assert.False(HotlineBackup.RestoreDatabase(Settings(Path.Combine(folder, "empty")), notADatabase, output));
            Assert.False(File.Exists(Path.Combine(folder, "empty", "hotline.db")));

            var keys = Path.Combine(folder, "keys");
            Assert.True(HotlineBackup.BackupKeys(Settings(host.DataDirectory), keys, output), output.ToString());
            Assert.True(File.Exists(Path.Combine(keys, "case-keys.db")));
            Assert.All(Directory.GetFiles(keys, "*", SearchOption.AllDirectories), f => Assert.True(FileModes.IsOwnerOnly(f), f));
        }
        finally
        {
            HotlineHost.TryDelete(folder);
        }
    }

    /// <summary>
    /// What a copy from before the erasure shows under the keys as they are after it: the erased
    /// case's contact and file read as erased, the other contact whole (the kept one carries
    /// <paramref name="keptMarker"/>, see <see cref="Requests.ContactCarrying"/>).
    /// </summary>
    internal static async Task AssertRestoredAsync(HotlineClients staff, Contact erased, Contact kept, string keptMarker)
    {
        var gone = await staff.Intake.GetContactAsync(new GetContactRequest { ContactId = erased.ContactId });
        Assert.Equal(("", "", ""), (gone.Summary, gone.CallerName, gone.Callback));
        Assert.NotNull(gone.ErasedAt);
        Assert.NotNull((await staff.Cases.GetCaseAsync(new GetCaseRequest { CaseId = erased.CaseId })).ErasedAt);

        var other = await staff.Intake.GetContactAsync(new GetContactRequest { ContactId = kept.ContactId });
        Assert.Equal(($"Passport held by employer {keptMarker}", $"Leyla {keptMarker}"), (other.Summary, other.CallerName));
        Assert.Null(other.ErasedAt);
    }

    private static IConfiguration Settings(string dataDirectory) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hotline:Storage:DataDirectory"] = dataDirectory }).Build();
}
