using Hotline.Api.V1;
using Hotline.Hosting.Backup;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Cluster;

/// <summary>
/// The backup test of the embedded store, on PostgreSQL: a pg_dump taken before an erasure,
/// restored into a new server and opened with the key folder as it is after the erasure,
/// opens nothing of the erased case and everything of the others.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresBackupTests
{
    [Fact]
    public async Task ADumpFromBeforeAnErasureOpensNothingOfTheErasedCaseAndEveryOtherCase()
    {
        var folder = HotlineHost.NewDataDirectory();
        Directory.CreateDirectory(folder);
        var (dump, keys) = (Path.Combine(folder, "before-erasure.sql"), Path.Combine(folder, "keys-after-erasure"));
        var (erasedMarker, keptMarker) = ($"ERASED{Guid.NewGuid():N}", $"KEPT{Guid.NewGuid():N}");
        try
        {
            Contact erased, kept;
            await using (var world = await ClusterWorld.StartAsync(silos: 1))
            {
                var intake = world.Gateway.As(People.OperatorIn).Intake;
                erased = await ClusterTests.EventuallyAsync(() => intake.OpenContactAsync(Requests.ContactCarrying(erasedMarker)).ResponseAsync);
                kept = await intake.OpenContactAsync(Requests.ContactCarrying(keptMarker));
                await intake.AbandonContactAsync(new AbandonContactRequest { ContactId = erased.ContactId });
                await intake.AbandonContactAsync(new AbandonContactRequest { ContactId = kept.ContactId });

                await File.WriteAllTextAsync(dump, await world.Postgres.DumpAsync(world.Database));
                await world.Gateway.As(People.Admin).Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = erased.CaseId });

                var output = new StringWriter();
                var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hotline:Security:KeyDirectory"] = world.Keys }).Build();
                Assert.True(HotlineBackup.BackupKeys(settings, keys, output), output.ToString());
            }

            await using (var world = await ClusterWorld.StartFromAsync(dump, keys, silos: 1))
            {
                var staff = world.Gateway.Staff;
                // The first call waits for the restored cluster to serve.
                await ClusterTests.EventuallyAsync(() => staff.Intake.GetContactAsync(new GetContactRequest { ContactId = kept.ContactId }).ResponseAsync);
                await Hotline.Tests.Storage.BackupTests.AssertRestoredAsync(staff, erased, kept, keptMarker);
            }
        }
        finally
        {
            HotlineHost.TryDelete(folder);
        }
    }
}
