using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

/// <summary>
/// Every path that touches a responder's presence, through the API on fake time: what a person
/// set survives each path that must not change it (a failed accept, a transfer, a stream
/// dropping and coming back within and after the grace period, a wrap-up ending), and changes on
/// the ones that may (the person, a supervisor, the missed-offer rule, disabling).
/// </summary>
public sealed class PresenceSafetyTests : IAsyncLifetime
{
    private const string Shirvan = "mountainous-shirvan";
    private HotlineHost _host = null!;

    public async Task InitializeAsync() => _host = await HotlineHost.StartAsync(null, null,
        "--Hotline:Routing:WrapUp:Voice=00:01:00", "--Hotline:Supervision:DisconnectGrace=00:00:10");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ABreakSetDuringWrapUpOutlastsTheWrapUpEnding()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        await WorkAndCompleteAsync(aysel);
        await SetAsync("aysel", Presence.Break, PresenceReason.Meal);

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await aysel.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.WrapUpEnded, "the wrap-up ending");

        await AssertPresenceAsync("aysel", Presence.Break, PresenceReason.Meal);
        Assert.DoesNotContain(aysel.Drain().SkipWhile(e => e.EventCase != ResponderEvent.EventOneofCase.WrapUpEnded),
            e => e.EventCase == ResponderEvent.EventOneofCase.PresenceChanged);
    }

    [Fact]
    public async Task AFailedAcceptLeavesPresenceAsItWas()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await aysel.NextOfferAsync(contact.ContactId);
        await _host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = contact.ContactId });
        await aysel.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.OfferRescinded, "the offer withdrawn");

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        await AssertPresenceAsync("aysel", Presence.Available, PresenceReason.Unspecified);
    }

    [Fact]
    public async Task ATransferChangesNeitherTheSendersNorTheReceiversPresence()
    {
        await using var leyla = await _host.OnlineResponderAsync(Requests.Responder("leyla", Shirvan, voice: 2));
        await using var rauf = await _host.OnlineResponderAsync(Requests.Responder("rauf", Shirvan, languages: ["ru"]));
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await leyla.NextOfferAsync(contact.ContactId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = contact.ContactId });
        await SetAsync("leyla", Presence.Break, PresenceReason.Admin);

        var transfer = await _host.As(HotlineHost.ResponderClaims("leyla")).Cases.TransferAsync(new TransferRequest { CaseId = contact.CaseId, ToResponderId = "rauf" });
        await rauf.NextOfferAsync(transfer.TransferId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = transfer.TransferId });

        await AssertPresenceAsync("leyla", Presence.Break, PresenceReason.Admin);
        await AssertPresenceAsync("rauf", Presence.Available, PresenceReason.Unspecified);
    }

    [Fact]
    public async Task AStreamDroppingAndComingBackWithinOrAfterTheGraceLeavesPresenceAsSet()
    {
        await using var roster = new LiveStream<RosterUpdate>(_host.Supervisor.WatchResponders(new WatchRespondersRequest { Regions = { Shirvan } }), "the roster");
        await roster.NextAsync(u => u.Full, "the whole roster");
        var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        await SetAsync("aysel", Presence.Break, PresenceReason.Training);

        // Within the grace period.
        await aysel.DisposeAsync();
        aysel = await ResponderSession.ConnectAsync(_host.Responders, "aysel");
        await AssertPresenceAsync("aysel", Presence.Break, PresenceReason.Training);

        // Past it: the roster shows them disconnected, and presence is still what they set.
        await aysel.DisposeAsync();
        await PastTheGraceAsync(roster);
        await AssertPresenceAsync("aysel", Presence.Break, PresenceReason.Training);
        await using var back = await ResponderSession.ConnectAsync(_host.Responders, "aysel");
        var standing = back.Seen[0];
        Assert.Equal((Presence.Break, PresenceReason.Training), (standing.State.Presence, standing.PresenceReason));
        await AssertPresenceAsync("aysel", Presence.Break, PresenceReason.Training);
    }

    [Fact]
    public async Task TheMissedOfferRuleSetsAwayWithItsReasonAndOnlyThePersonOrASupervisorChangesItBack()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await aysel.NextOfferAsync(contact.ContactId);

        _host.Clock.Advance(TimeSpan.FromSeconds(31));
        var away = await aysel.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.PresenceChanged, "set away after the missed offer");
        Assert.Equal((Presence.Away, PresenceReason.MissedOffers), (away.PresenceChanged, away.PresenceReason));
        await AssertPresenceAsync("aysel", Presence.Away, PresenceReason.MissedOffers);

        var entry = await _host.Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = "aysel", Presence = Presence.Away, Reason = PresenceReason.Admin });
        Assert.Equal((Presence.Away, PresenceReason.Admin), (entry.Presence, entry.PresenceReason));
        await SetAsync("aysel", Presence.Available, PresenceReason.Unspecified);
        await AssertPresenceAsync("aysel", Presence.Available, PresenceReason.Unspecified);
    }

    [Fact]
    public async Task SomeoneOnBreakLetsNoOfferLapseSoTheMissedOfferRuleNeverTouchesThem()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        await SetAsync("aysel", Presence.Break, PresenceReason.Break);
        await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));

        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, (await _host.QueueAsync(Shirvan)).Offered);

        await AssertPresenceAsync("aysel", Presence.Break, PresenceReason.Break);
    }

    [Fact]
    public async Task DisablingSetsOfflineAndEnablingLeavesItOfflineUntilThePersonSetsIt()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        await SetAsync("aysel", Presence.Break, PresenceReason.Meal);

        await _host.StaffAccess.DisableResponderAsync(new ResponderAccessRequest { ResponderId = "aysel" });
        await _host.StaffAccess.EnableResponderAsync(new ResponderAccessRequest { ResponderId = "aysel" });

        await AssertPresenceAsync("aysel", Presence.Offline, PresenceReason.Unspecified);
    }

    [Fact]
    public async Task AReasonOnlyGoesWithAStateOtherThanAvailableAndMissedOffersOnlyFromTheHotline()
    {
        await _host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));

        foreach (var (presence, reason) in new[] { (Presence.Available, PresenceReason.Break), (Presence.Break, PresenceReason.MissedOffers), (Presence.Break, (PresenceReason)99) })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                _host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = presence, Reason = reason }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains("reason", refused.Status.Detail, StringComparison.Ordinal);
        }

        var bySupervisor = await Assert.ThrowsAsync<RpcException>(() => _host.Supervisor.SetResponderPresenceAsync(
            new SetResponderPresenceRequest { ResponderId = "aysel", Presence = Presence.Away, Reason = PresenceReason.MissedOffers }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bySupervisor.StatusCode);
        await AssertPresenceAsync("aysel", Presence.Offline, PresenceReason.Unspecified);
    }

    /// <summary>
    /// Moves the clock past the grace period until the roster shows the responder disconnected.
    /// The grace runs from when the grain sees the stream close, which can come a moment after the
    /// client hung up (as in ResumableStreamTests): a clock moved before that is moved again.
    /// </summary>
    private async Task PastTheGraceAsync(LiveStream<RosterUpdate> roster)
    {
        for (var attempt = 1; ; attempt++)
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(11));
            try
            {
                await roster.NextAsync(u => u.Responders.Any(r => r.ResponderId == "aysel" && !r.Connected), "aysel disconnected after the grace",
                    TimeSpan.FromSeconds(attempt < 4 ? 3 : 15));
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                // The grace started after the clock moved: move it again.
            }
        }
    }

    private Task<Responder> SetAsync(string id, Presence presence, PresenceReason reason) =>
        _host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = id, Presence = presence, Reason = reason }).ResponseAsync;

    private async Task AssertPresenceAsync(string id, Presence presence, PresenceReason reason)
    {
        var shown = await _host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = id });
        Assert.Equal((presence, reason), (shown.Presence, shown.PresenceReason));
    }

    private async Task WorkAndCompleteAsync(ResponderSession session)
    {
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await session.NextOfferAsync(contact.ContactId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = session.ResponderId, ContactId = contact.ContactId });
        await _host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = session.ResponderId, ContactId = contact.ContactId });
    }
}
