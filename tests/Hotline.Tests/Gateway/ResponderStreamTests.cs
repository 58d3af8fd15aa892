using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

public sealed class ResponderStreamTests : HostedTest
{
    [Fact]
    public async Task ResumingWithTheLastSequenceReplaysWhatWasMissed()
    {
        var first = await Host.OnlineResponderAsync(Requests.Responder("resumer", "baku"));
        var state = Assert.Single(first.Seen);
        Assert.Equal(ResponderEvent.EventOneofCase.State, state.EventCase);
        Assert.Equal(Presence.Available, state.State.Presence);

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        var offered = await first.NextAsync(e => e.OfferMade?.ContactId == contact.ContactId, "the offer");
        Assert.True(offered.Sequence > state.Sequence);
        var lastSeen = offered.Sequence;

        // A second device keeps the responder connected while the first one drops.
        await using var other = await ResponderSession.ConnectAsync(Host.Responders, "resumer");
        await first.DisposeAsync();
        await Host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "resumer", ContactId = contact.ContactId });
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "resumer", Presence = Presence.Break });
        await other.NextAsync(e => e.PresenceChanged == Presence.Break, "the break on the other device");

        await using var resumed = await ResponderSession.ConnectAsync(Host.Responders, "resumer", lastSeen);
        var replayed = resumed.Seen[0];
        Assert.Equal(ResponderEvent.EventOneofCase.OfferRescinded, replayed.EventCase);
        Assert.Equal(lastSeen + 1, replayed.Sequence);
        var next = await resumed.NextAsync(_ => true, "the presence change");
        Assert.Equal(Presence.Break, next.PresenceChanged);
    }

    [Fact]
    public async Task AFreshStreamStartsWithWhereThingsStandIncludingTheOpenOffer()
    {
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("fresh", "baku"));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        await first.NextOfferAsync(contact.ContactId);

        await using var second = await ResponderSession.ConnectAsync(Host.Responders, "fresh");
        var state = Assert.Single(second.Seen).State;
        Assert.Equal(contact.ContactId, state.PendingOffer.ContactId);
        Assert.Equal("Caller reports passport taken by employer", state.PendingOffer.Summary);
    }

    [Fact]
    public async Task AResponderWithoutAnOpenStreamIsNotConnected()
    {
        await Host.OnlineResponderAsync(Requests.Responder("never-connected", "baku"), connect: false);
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));

        var responder = await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "never-connected" });
        Assert.False(responder.Connected);
        var queue = await Host.QueueAsync("baku");
        Assert.Equal(1, queue.Responders.Disconnected);
        Assert.Equal(0, queue.Offered);
        Assert.Equal(ContactStatus.Queued, (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);

        await using var session = await ResponderSession.ConnectAsync(Host.Responders, "never-connected");
        await session.NextOfferAsync(contact.ContactId);
        Assert.True((await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "never-connected" })).Connected);
    }
}
