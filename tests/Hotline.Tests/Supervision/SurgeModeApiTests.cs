using Hotline.Api.V1;
using Hotline.Audit;
using Hotline.Hosting;
using Hotline.Storage;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Supervision;

/// <summary>
/// Surge mode through the API: a supervisor diverts a region's new contacts to a triage group or
/// another region and restores it; every watcher sees the mode; each change is on the region's
/// staff audit chain; a restarted hotline diverts as before.
/// </summary>
public sealed class SurgeModeApiTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";

    [Fact]
    public async Task NewContactsGoToTheTriageResponderUntilClearedAndWatchersAndTheAuditSeeEachChange()
    {
        await using var regular = await Host.OnlineResponderAsync(Requests.Responder("regular", Shirvan, voice: 2));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var triage = await Host.OnlineResponderAsync(Requests.Responder("triage", Shirvan, voice: 2));
        await using var watch = new LiveStream<QueueUpdate>(Host.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { Shirvan } }), "the supervisor's stream");
        Assert.Null((await watch.NextAsync(u => u.Snapshot is not null, "the snapshot")).Snapshot.Regions.Single().Surge);

        var set = await Host.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = Shirvan, ResponderIds = { "triage" } });
        Assert.Equal(["triage"], set.Surge.ResponderIds);
        Assert.Equal(Host.Clock.GetUtcNow(), set.Surge.Since.ToDateTimeOffset());
        var seen = await watch.NextAsync(u => u.Region?.Surge is not null, "the region's figures with the surge mode");
        Assert.Equal(["triage"], seen.Region.Surge.ResponderIds);
        Assert.Null(seen.National.Surge);
        Assert.Equal(set.Surge, (await Host.QueueAsync(Shirvan)).Surge);

        // Repeated (a retry): nothing changes, not even its start.
        Host.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(set.Surge, (await Host.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = Shirvan, ResponderIds = { "triage" } })).Surge);

        // "regular" has been idle longest, so would take it without the surge.
        var diverted = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await triage.NextOfferAsync(diverted.ContactId);

        Assert.Null((await Host.Supervisor.ClearSurgeModeAsync(new ClearSurgeModeRequest { Region = Shirvan })).Surge);
        await watch.NextAsync(u => u.Region is not null && u.Region.Surge is null, "the region's figures without the surge mode");
        Assert.Null((await Host.Supervisor.ClearSurgeModeAsync(new ClearSurgeModeRequest { Region = Shirvan })).Surge);
        var usual = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await regular.NextOfferAsync(usual.ContactId);

        var lines = await RegionLinesAsync(Host);
        Assert.Equal<(string?, string, string, string)>(
            [(null, HotlineHost.Staff.Subject, "supervisor", "surge_set"), (null, HotlineHost.Staff.Subject, "supervisor", "surge_cleared")],
            lines.Where(l => l.Action.StartsWith("surge_", StringComparison.Ordinal)).Select(l => (l.ResponderId, l.Actor, l.Role, l.Action)));
    }

    [Fact]
    public async Task DivertedToAnotherRegionANewContactIsOfferedToThatRegionsResponder()
    {
        await using var local = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        await using var elsewhere = await Host.OnlineResponderAsync(Requests.Responder("baku-1", "baku"));
        await Host.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = Shirvan, ToRegion = "baku" });

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));

        var offer = await elsewhere.NextOfferAsync(contact.ContactId);
        Assert.Equal(Shirvan, offer.Region);
        Assert.False(local.HasSeenOffer());
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "baku-1", ContactId = contact.ContactId });
        Assert.Equal("baku", (await Host.QueueAsync(Shirvan)).Surge.ToRegion);
    }

    [Fact]
    public async Task TheModeSurvivesARestartOfTheHotline()
    {
        var clock = new FakeTimeProvider(HotlineHost.Start);
        var data = HotlineHost.NewDataDirectory();
        try
        {
            await using (var first = await HotlineHost.StartAsync(data, clock))
            {
                await first.Responders.UpsertResponderAsync(Requests.Responder("triage", Shirvan));
                await first.Supervisor.SetSurgeModeAsync(new SetSurgeModeRequest { Region = Shirvan, ResponderIds = { "triage" } });
            }

            clock.Advance(TimeSpan.FromMinutes(1));
            await using var second = await HotlineHost.StartAsync(data, clock);
            Assert.Equal(["triage"], (await second.QueueAsync(Shirvan)).Surge.ResponderIds);
            Assert.Equal(HotlineHost.Start, (await second.QueueAsync(Shirvan)).Surge.Since.ToDateTimeOffset());

            await using var regular = await second.OnlineResponderAsync(Requests.Responder("regular", Shirvan));
            await using var triage = await ResponderSession.ConnectAsync(second.Responders, "triage");
            await second.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "triage", Presence = Presence.Available });
            var contact = await second.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
            await triage.NextOfferAsync(contact.ContactId);
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    private static async Task<List<AuditLine>> RegionLinesAsync(HotlineHost host)
    {
        var lines = new List<AuditLine>();
        await foreach (var line in SqliteAuditLog.LinesAsync(new HotlineSqliteDataSource(SqliteStore.ConnectionString(host.DataDirectory), SqliteSync.Normal), AuditChain.OfRegion(Shirvan)))
        {
            lines.Add(line);
        }

        return lines;
    }
}
