using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Supervision;

/// <summary>The live roster: everyone first, then each responder as they change.</summary>
public sealed class RosterWatchTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";

    [Fact]
    public async Task TheRosterShowsPresenceLoadAndTimeInStatusAndFollowsChanges()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan, voice: 1, chat: 2));
        await Host.OnlineResponderAsync(Requests.Responder("shirvan-0", Shirvan), connect: false);
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-0", Presence = Presence.Offline });
        await Host.Responders.UpsertResponderAsync(Requests.Responder("baku-1", "baku"));

        await using var roster = new LiveStream<RosterUpdate>(Host.Supervisor.WatchResponders(new WatchRespondersRequest { Regions = { Shirvan } }), "the roster");
        var full = await roster.NextAsync(_ => true, "the whole roster");
        Assert.True(full.Full);
        Assert.Equal(Shirvan, full.Region);
        Assert.Equal(["shirvan-0", "shirvan-1"], full.Responders.Select(r => r.ResponderId));
        var one = full.Responders[1];
        Assert.Equal((RosterStatus.Available, true, "shirvan-1"), (one.Status, one.Connected, one.DisplayName));
        Assert.Equal([(Channel.Voice, 0, 1), (Channel.Chat, 0, 2)], one.Load.Select(l => (l.Channel, l.Load, l.Capacity)));
        Assert.Equal(HotlineHost.Start, one.StatusSince.ToDateTimeOffset());
        Assert.Equal(RosterStatus.Offline, full.Responders[0].Status);

        Host.Clock.Advance(TimeSpan.FromMinutes(3));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", channel: Channel.Chat));
        await responder.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        var busy = await roster.NextAsync(u => u.Responders.Any(r => r.ResponderId == "shirvan-1" && r.Load.Any(l => l.Load == 1)), "the responder at work");
        Assert.False(busy.Full);
        var working = busy.Responders.Single(r => r.ResponderId == "shirvan-1");
        Assert.Equal(RosterStatus.Busy, working.Status);
        Assert.Equal(HotlineHost.Start + TimeSpan.FromMinutes(3), working.StatusSince.ToDateTimeOffset());

        // Moving home takes them off this region's roster.
        await Host.Responders.UpsertResponderAsync(Requests.Responder("shirvan-0", "baku"));
        var left = await roster.NextAsync(u => u.Removed.Count > 0, "the responder leaving");
        Assert.Equal(["shirvan-0"], left.Removed);
    }

    [Fact]
    public async Task AfterARestartTheRosterStillKnowsWhoIsOnBreak()
    {
        var data = HotlineHost.NewDataDirectory();
        try
        {
            await using (var host = await HotlineHost.StartAsync(data))
            {
                await host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan), connect: false);
                await host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Break });
            }

            await using (var host = await HotlineHost.StartAsync(data))
            {
                await using var roster = new LiveStream<RosterUpdate>(host.Supervisor.WatchResponders(new WatchRespondersRequest { Regions = { Shirvan } }), "the roster");
                // The dispatcher asks its roster to report on activation; wait for the answer.
                var seen = await roster.NextAsync(u => u.Responders.Any(r => r.ResponderId == "shirvan-1"), "the responder on break");
                Assert.Equal(RosterStatus.Break, seen.Responders.Single(r => r.ResponderId == "shirvan-1").Status);
                Assert.Equal(1, (await host.QueueAsync(Shirvan)).Responders.OnBreak);
            }
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }
}
