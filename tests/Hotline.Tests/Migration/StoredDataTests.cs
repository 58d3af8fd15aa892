using Hotline.Tests.Cluster;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Migration;

/// <summary>
/// A hotline cannot be told to start on a new data folder: data an earlier version wrote opens
/// with every contact, case, responder, audit line and index intact.
/// </summary>
public sealed class StoredDataTests
{
    private const string Fixture = "storage-v1";

    [Fact]
    public async Task ASqliteFolderWrittenByThePreviousVersionOpensWithEverythingIntact()
    {
        var fixture = StoredFixture.Load(Fixture, "sqlite");
        var data = fixture.CopyOf("data");
        try
        {
            await using var host = await HotlineHost.StartAsync(data, new FakeTimeProvider(fixture.WrittenAt.AddMinutes(1)));
            await fixture.AssertIntactAsync(host.As(HotlineHost.Staff), host.Responders);
            await AssertAuditVerifiesAsync($"--Hotline:Storage:DataDirectory={data}");

            // The caller the earlier version recorded rings again, writing the number the national way.
            var again = Requests.Contact("AZ-ISM", requestId: "returning-after-upgrade");
            again.CallerReference = "050 000 00 01";
            var contact = await host.As(HotlineHost.Staff).Intake.OpenContactAsync(again);
            Assert.Equal((string)fixture.Expected["cases"]!["worked"]!["caseId"]!, contact.CaseId);
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public async Task APostgresDatabaseWrittenByThePreviousVersionOpensWithEverythingIntact()
    {
        var fixture = StoredFixture.Load(Fixture, "postgres");
        await using var cluster = await ClusterWorld.StartFromAsync(Path.Combine(fixture.Folder, "hotline.sql"), fixture.CopyOf("keys"), silos: 1);
        var clients = cluster.Gateway.ForResponders();
        await fixture.AssertIntactAsync(cluster.Gateway.As(HotlineHost.Staff), clients.Responders);
        await AssertAuditVerifiesAsync("--Hotline:Storage:Provider=Postgres", $"--Hotline:Storage:ConnectionString={cluster.ConnectionString}");
    }

    /// <summary>The earlier version's lines were chained on upgrade, with what was written since.</summary>
    private static async Task AssertAuditVerifiesAsync(params string[] settings)
    {
        var run = await SiloCommandLineTests.RunSiloAsync(["audit", "verify", .. settings]);
        Assert.True(run.Exit == 0, run.Output + run.Error);
        Assert.Matches("The audit verifies: [1-9][0-9]* chain", run.Output);
    }
}
