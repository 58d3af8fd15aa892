using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

/// <summary>
/// Wrap-up through the API on the hotline's fake clock: after a contact ends the responder gets
/// no offer on its channel until they end the wrap-up or its limit passes; other channels go on;
/// supervisors see it on the roster; the after-contact time lands in the region's day figures.
/// </summary>
public sealed class WrapUpTests : IAsyncLifetime
{
    private const string Shirvan = "mountainous-shirvan";
    private HotlineHost _host = null!;

    public async Task InitializeAsync() => _host = await HotlineHost.StartAsync(null, null,
        "--Hotline:Routing:WrapUp:Voice=00:01:00", "--Hotline:Routing:WrapUp:Chat=00:00:30");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AfterAVoiceContactNoVoiceOfferComesUntilTheWrapUpEndsAtItsLimit()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        await WorkAndCompleteAsync(aysel, Channel.Voice);
        var started = (await aysel.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.WrapUpStarted, "the wrap-up starting")).WrapUpStarted;
        Assert.Equal((Channel.Voice, HotlineHost.Start.AddMinutes(1)), (started.Channel, started.EndsAt.ToDateTimeOffset()));

        // Matching runs as the contact enters: it waits, offered to nobody.
        var next = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var queue = await _host.QueueAsync(Shirvan);
        Assert.Equal((1, 0), (queue.Waiting, queue.Offered));
        var shown = await _host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "aysel" });
        Assert.Equal((Presence.Available, Channel.Voice), (shown.Presence, Assert.Single(shown.WrapUps).Channel));

        _host.Clock.Advance(TimeSpan.FromSeconds(60));
        var ended = await aysel.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.WrapUpEnded, "the wrap-up ending at its limit");
        Assert.Equal(Channel.Voice, ended.WrapUpEnded.Channel);
        await aysel.NextOfferAsync(next.ContactId);

        var today = (await _host.QueueAsync(Shirvan)).Today;
        Assert.Equal((1, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60)),
            (today.WrapUps, today.TotalAfterContact.ToTimeSpan(), today.AverageAfterContact.ToTimeSpan()));
        Assert.Equal(Presence.Available, (await _host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "aysel" })).Presence);
    }

    [Fact]
    public async Task EndingTheWrapUpEarlyBringsOffersAtOnceCountsTheTimeSpentAndARepeatAnswersTheSame()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        await WorkAndCompleteAsync(aysel, Channel.Voice);
        var next = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        _host.Clock.Advance(TimeSpan.FromSeconds(12));

        var ended = await _host.Responders.EndWrapUpAsync(new EndWrapUpRequest { ResponderId = "aysel", Channel = Channel.Voice });

        Assert.Empty(ended.WrapUps);
        await aysel.NextOfferAsync(next.ContactId);
        var again = await _host.Responders.EndWrapUpAsync(new EndWrapUpRequest { ResponderId = "aysel" });
        Assert.Equal((Presence.Available, 0), (again.Presence, again.WrapUps.Count));
        var today = (await _host.QueueAsync(Shirvan)).Today;
        Assert.Equal((1, TimeSpan.FromSeconds(12)), (today.WrapUps, today.TotalAfterContact.ToTimeSpan()));
    }

    [Fact]
    public async Task AChatWrapUpLeavesVoiceOpenAndOnlyItsOwnChannelWaits()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan, voice: 1, chat: 1));
        await WorkAndCompleteAsync(aysel, Channel.Chat);
        var started = (await aysel.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.WrapUpStarted, "the chat wrap-up")).WrapUpStarted;
        Assert.Equal((Channel.Chat, HotlineHost.Start.AddSeconds(30)), (started.Channel, started.EndsAt.ToDateTimeOffset()));

        var chat = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", channel: Channel.Chat));
        var voice = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", channel: Channel.Voice));

        await aysel.NextOfferAsync(voice.ContactId);
        var queue = await _host.QueueAsync(Shirvan);
        Assert.Equal((2, 1), (queue.Waiting, queue.Offered));
        Assert.Equal(ContactStatus.Queued, (await _host.Intake.GetContactAsync(new GetContactRequest { ContactId = chat.ContactId })).Status);
    }

    [Fact]
    public async Task SupervisorsSeeTheWrapUpWithItsChannelAndEndOnTheRoster()
    {
        await using var aysel = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        await using var roster = new LiveStream<RosterUpdate>(_host.Supervisor.WatchResponders(new WatchRespondersRequest { Regions = { Shirvan } }), "the roster");
        await roster.NextAsync(u => u.Full, "the whole roster");
        await WorkAndCompleteAsync(aysel, Channel.Voice);

        var update = await roster.NextAsync(u => u.Responders.Any(r => r.Status == RosterStatus.WrapUp), "aysel in wrap-up");
        var entry = update.Responders.Single(r => r.ResponderId == "aysel");
        var wrapUp = Assert.Single(entry.WrapUps);
        Assert.Equal((Channel.Voice, HotlineHost.Start.AddMinutes(1), Presence.Available), (wrapUp.Channel, wrapUp.EndsAt.ToDateTimeOffset(), entry.Presence));
        Assert.Equal(1, (await _host.QueueAsync(Shirvan)).Responders.WrapUp);

        await _host.Responders.EndWrapUpAsync(new EndWrapUpRequest { ResponderId = "aysel" });
        var free = await roster.NextAsync(u => u.Responders.Any(r => r.ResponderId == "aysel" && r.Status == RosterStatus.Available), "aysel free again");
        Assert.Empty(free.Responders.Single(r => r.ResponderId == "aysel").WrapUps);
    }

    [Fact]
    public async Task AChannelWithZeroWrapUpHasNone()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:Routing:WrapUp:Voice=00:00:00");
        await using var aysel = await host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        var first = await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await aysel.NextOfferAsync(first.ContactId);
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = first.ContactId });
        await host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = first.ContactId });

        var next = await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));

        await aysel.NextOfferAsync(next.ContactId);
        Assert.DoesNotContain(aysel.Drain(), e => e.EventCase == ResponderEvent.EventOneofCase.WrapUpStarted);
        Assert.Equal(0, (await host.QueueAsync(Shirvan)).Today.WrapUps);
    }

    [Fact]
    public async Task EndingAWrapUpIsRefusedForBadInputAndForSomeoneElse()
    {
        await _host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));

        var badChannel = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Responders.EndWrapUpAsync(new EndWrapUpRequest { ResponderId = "aysel", Channel = (Channel)42 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badChannel.StatusCode);
        Assert.Contains("channel", badChannel.Status.Detail, StringComparison.Ordinal);

        var other = await Assert.ThrowsAsync<RpcException>(() =>
            _host.As(HotlineHost.ResponderClaims("rauf")).Responders.EndWrapUpAsync(new EndWrapUpRequest { ResponderId = "aysel" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
    }

    private async Task WorkAndCompleteAsync(ResponderSession session, Channel channel)
    {
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", channel: channel));
        await session.NextOfferAsync(contact.ContactId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = session.ResponderId, ContactId = contact.ContactId });
        await _host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = session.ResponderId, ContactId = contact.ContactId });
    }
}
