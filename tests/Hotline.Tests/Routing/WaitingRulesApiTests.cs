using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Routing;

/// <summary>Priority that grows with waiting and skill relaxation through the API, on fake time.</summary>
public sealed class WaitingRulesApiTests : IAsyncLifetime
{
    private const string Shirvan = "mountainous-shirvan";
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Work = TimeSpan.FromSeconds(30);
    private HotlineHost _host = null!;

    public async Task InitializeAsync() => _host = await HotlineHost.StartAsync(null, null,
        "--Hotline:Routing:Aging:LowToNormal=00:01:00", "--Hotline:Routing:Aging:NormalToHigh=00:03:00",
        "--Hotline:Routing:SkillRelaxation:legal_aid=00:02:00");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ALowContactWaitsNoLongerThanItsCeilingBehindASteadyStreamOfNormalOnes()
    {
        // One responder working one contact at a time for 30 s; a normal contact every 20 s.
        await using var desk = await _host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var start = _host.Clock.GetUtcNow();
        var current = await OpenAndTakeAsync(desk);
        var low = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.Low));
        TimeSpan? waited = null;
        for (var t = TimeSpan.FromSeconds(10); t <= TimeSpan.FromMinutes(5) && waited is null; t += TimeSpan.FromSeconds(10))
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(10));
            if (t.TotalSeconds % 20 == 0)
            {
                await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
            }

            if (t.TotalSeconds % Work.TotalSeconds != 0)
            {
                continue;
            }

            await _host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = current });
            var next = await desk.NextOfferAsync();
            if (next.ContactId == low.ContactId)
            {
                waited = _host.Clock.GetUtcNow() - start;
                var stats = await _host.QueueAsync(Shirvan);
                Assert.Equal((1, 0), (stats.WaitingAged, stats.WaitingLow));
            }

            await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = next.ContactId });
            current = next.ContactId;
        }

        Assert.NotNull(waited);
        Assert.InRange(waited.Value, Step, Step + Work);
        Assert.True((await _host.QueueAsync(Shirvan)).Waiting >= 2, "normal contacts were still waiting when the low one was taken");
    }

    [Fact]
    public async Task ARequiredSkillIsDroppedAfterItsWaitAndTheContactGoesToAResponderWithoutIt()
    {
        await using var desk = await _host.OnlineResponderAsync(Requests.Responder("nakhchivan-1", "nakhchivan", skills: ["shelter"]));
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-NV", skills: ["legal_aid", "shelter"]));
        _host.Clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await _host.QueueAsync("nakhchivan")).WaitingRelaxed);

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var offer = await desk.NextOfferAsync(contact.ContactId);

        Assert.Equal(["shelter"], offer.RequiredSkills);
        Assert.Equal(1, (await _host.QueueAsync("nakhchivan")).WaitingRelaxed);
    }

    private async Task<string> OpenAndTakeAsync(ResponderSession desk)
    {
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await desk.NextOfferAsync(contact.ContactId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        return contact.ContactId;
    }
}
