using Hotline.Api.V1;
using Hotline.Supervision;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Supervision;

/// <summary>Service level, speed of answer and abandonment on a scripted day, on the hotline's (fake) clock.</summary>
public sealed class ServiceLevelTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(20);

    [Fact]
    public void TheDayCountsAnsweredWithinTheThresholdAgainstEverythingThatFinished()
    {
        var day = new QueueDay();
        Assert.True(day.RollTo(new DateOnly(2026, 11, 24)));
        Assert.Equal((1.0, 0.0, TimeSpan.Zero), (day.ServiceLevel, day.AbandonmentRate, day.AverageSpeedOfAnswer));

        day.CountAnswered(TimeSpan.FromSeconds(5), Threshold);
        day.CountAnswered(TimeSpan.FromSeconds(25), Threshold);
        day.CountAnswered(TimeSpan.FromSeconds(20), Threshold);
        day.Abandoned++;

        Assert.Equal(0.5, day.ServiceLevel);
        Assert.Equal(0.25, day.AbandonmentRate);
        Assert.Equal(TimeSpan.FromSeconds(50.0 / 3), day.AverageSpeedOfAnswer);

        var other = new QueueDay { Day = day.Day, Answered = 1, AnsweredWithinThreshold = 1, TotalAnswerWaitMs = 10_000 };
        var both = QueueDay.Sum([day, other]);
        Assert.Equal(3.0 / 5, both.ServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(15), both.AverageSpeedOfAnswer);

        Assert.False(day.RollTo(day.Day));
        Assert.True(day.RollTo(day.Day.AddDays(1)));
        Assert.Equal((0, 0, 0L), (day.Answered, day.Abandoned, day.TotalAnswerWaitMs));
    }

    [Fact]
    public async Task AScriptedDayGivesTheServiceLevelSpeedOfAnswerAndAbandonmentRate()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));

        await AnswerAfterAsync(responder, TimeSpan.FromSeconds(5));
        await AnswerAfterAsync(responder, TimeSpan.FromSeconds(25));
        var hungUp = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(hungUp.ContactId);
        Host.Clock.Advance(TimeSpan.FromSeconds(10));
        await Host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = hungUp.ContactId });
        await AnswerAfterAsync(responder, TimeSpan.FromSeconds(15));

        var today = (await Host.QueueAsync(Shirvan)).Today;
        Assert.Equal("2026-11-24", today.Day);
        Assert.Equal((4, 3, 2, 1), (today.Entered, today.Answered, today.AnsweredWithinThreshold, today.Abandoned));
        Assert.Equal(0.5, today.ServiceLevel);
        Assert.Equal(0.25, today.AbandonmentRate);
        Assert.Equal(TimeSpan.FromSeconds(15), today.AverageSpeedOfAnswer.ToTimeSpan());
        Assert.Equal(Threshold, today.ServiceLevelThreshold.ToTimeSpan());

        // Midnight (UTC by default) starts a new day.
        Host.Clock.Advance(TimeSpan.FromHours(15));
        var tomorrow = (await Host.QueueAsync(Shirvan)).Today;
        Assert.Equal(("2026-11-25", 0, 0, 1.0), (tomorrow.Day, tomorrow.Entered, tomorrow.Answered, tomorrow.ServiceLevel));
    }

    [Fact]
    public async Task MissedAndDeclinedOffersAreCountedForTheRegionAndTheResponder()
    {
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await first.NextOfferAsync(contact.ContactId);
        await Host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });

        await using var second = await Host.OnlineResponderAsync(Requests.Responder("shirvan-2", Shirvan));
        await second.NextOfferAsync(contact.ContactId);
        Host.Clock.Advance(TimeSpan.FromSeconds(31));
        await second.NextAsync(e => e.PresenceChanged == Presence.Away, "set away after the missed offer");

        var today = (await Host.QueueAsync(Shirvan)).Today;
        Assert.Equal((1, 1), (today.Declined, today.MissedOffers));
        await using var roster = new LiveStream<RosterUpdate>(Host.Supervisor.WatchResponders(new WatchRespondersRequest { Regions = { Shirvan } }), "the roster");
        var full = await roster.NextAsync(_ => true, "the roster");
        Assert.Equal([0, 1], full.Responders.Select(r => r.MissedOffersToday));
    }

    [Fact]
    public async Task TheDayStartsAtMidnightInTheConfiguredTimeZoneAndSurvivesARestart()
    {
        var data = HotlineHost.NewDataDirectory();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(HotlineHost.Start);
        string[] baku = ["--Hotline:Supervision:TimeZone=Asia/Baku"];
        try
        {
            await using (var host = await HotlineHost.StartAsync(data, clock, baku))
            {
                await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
                Assert.Equal(("2026-11-24", 1), Day(await host.QueueAsync(Shirvan)));
            }

            // 19:59 UTC is 23:59 in Baku: the same day, counted before the restart.
            clock.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(59));
            await using (var host = await HotlineHost.StartAsync(data, clock, baku))
            {
                Assert.Equal(("2026-11-24", 1), Day(await host.QueueAsync(Shirvan)));
                clock.Advance(TimeSpan.FromMinutes(1));
                Assert.Equal(("2026-11-25", 0), Day(await host.QueueAsync(Shirvan)));
            }
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public async Task AnUnknownTimeZoneStopsTheStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HotlineHost.StartAsync(null, null, "--Hotline:Supervision:TimeZone=Mars/Olympus"));
        Assert.Contains("Hotline:Supervision:TimeZone", error.ToString(), StringComparison.Ordinal);
    }

    private static (string, int) Day(RegionQueueStats stats) => (stats.Today.Day, stats.Today.Entered);

    private async Task AnswerAfterAsync(ResponderSession responder, TimeSpan wait)
    {
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        Host.Clock.Advance(wait);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
    }
}
