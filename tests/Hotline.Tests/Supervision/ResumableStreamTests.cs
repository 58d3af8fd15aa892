using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Supervision;

/// <summary>
/// A responder's stream cut and resumed loses nothing and repeats nothing; a responder who
/// does not come back within the grace period is offered nothing more, and their offer moves on.
/// </summary>
public sealed class ResumableStreamTests : IAsyncLifetime
{
    private const string Shirvan = "mountainous-shirvan";
    private HotlineHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await HotlineHost.StartAsync(null, null,
            "--Hotline:Supervision:DisconnectGrace=00:00:30",
            "--Hotline:Routing:OfferTimeout=00:10:00");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AStreamCutMidwayAndResumedWithTheLastSequenceSeesEveryEventExactlyOnce()
    {
        var first = await _host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan, voice: 2));
        var one = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await first.NextOfferAsync(one.ContactId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = one.ContactId });
        await first.NextAsync(e => e.Assigned is not null, "the assignment");
        var lastSeen = first.Seen[^1].Sequence;
        await first.DisposeAsync();

        // While the stream is down (within the grace period) the responder's day goes on.
        var two = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await WaitUntilAsync(async () => (await _host.Intake.GetContactAsync(new GetContactRequest { ContactId = two.ContactId })).Status == ContactStatus.Offered);
        await _host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = two.ContactId });
        await _host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = one.ContactId });
        await _host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Break });

        await using var resumed = await ResponderSession.ConnectAsync(_host.Responders, "shirvan-1", lastSeen);
        await resumed.NextAsync(e => e.PresenceChanged == Presence.Break, "the break");

        var all = first.Seen.Concat(resumed.Seen).ToList();
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => all[0].Sequence + i), all.Select(e => e.Sequence));
        Assert.Equal(
            [
                ResponderEvent.EventOneofCase.State, ResponderEvent.EventOneofCase.OfferMade, ResponderEvent.EventOneofCase.Assigned,
                ResponderEvent.EventOneofCase.OfferMade, ResponderEvent.EventOneofCase.OfferRescinded, ResponderEvent.EventOneofCase.AssignmentEnded,
                ResponderEvent.EventOneofCase.PresenceChanged,
            ],
            all.Select(e => e.EventCase));
        Assert.Equal(two.ContactId, all[3].OfferMade.ContactId);
        // Replayed after it closed: the offer comes without the operator's summary.
        Assert.Equal("", all[3].OfferMade.Summary);
    }

    [Fact]
    public async Task WithinTheGracePeriodTheResponderKeepsTheirOffer()
    {
        var session = await _host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var offer = await session.NextOfferAsync(contact.ContactId);
        var lastSeen = session.Seen[^1].Sequence;
        await session.DisposeAsync();

        _host.Clock.Advance(TimeSpan.FromSeconds(20));
        var meanwhile = await _host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "shirvan-1" });
        Assert.True(meanwhile.Connected);
        Assert.Equal(0, (await _host.QueueAsync(Shirvan)).Responders.Disconnected);

        // Resuming from before the offer: it comes again, still open, with its summary.
        await using var back = await ResponderSession.ConnectAsync(_host.Responders, "shirvan-1", lastSeen - 1);
        Assert.Equal((offer.OfferId, "Caller reports passport taken by employer"), (back.Seen[0].OfferMade.OfferId, back.Seen[0].OfferMade.Summary));
        await using var queue = new LiveStream<QueueUpdate>(_host.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { Shirvan } }), "the queue stream");
        // The snapshot first, so the contact opened below reaches the stream as a region update.
        Assert.Equal(1, (await queue.NextAsync(u => u.Snapshot is not null, "the snapshot")).Snapshot.Regions.Single().Waiting);
        _host.Clock.Advance(TimeSpan.FromSeconds(20));
        // Figures that count a contact opened after the clock moved are pushed by a dispatcher
        // tick after it, which withdraws a lapsed offer before it computes them.
        await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await queue.NextAsync(u => u.Region is { Waiting: 2 }, "figures pushed after the clock moved");
        var accepted = await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = offer.ContactId });
        Assert.Equal(contact.ContactId, accepted.Assignment.ContactId);
    }

    [Fact]
    public async Task PastTheGracePeriodTheOfferIsRescindedAndOfferedToSomeoneElse()
    {
        var gone = await _host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await gone.NextOfferAsync(contact.ContactId);
        var lastSeen = gone.Seen[^1].Sequence;
        await gone.DisposeAsync();

        // Someone else is free, but the contact is out on an offer to the one who dropped.
        await using var other = await _host.OnlineResponderAsync(Requests.Responder("shirvan-2", Shirvan));
        Assert.False(other.HasSeenOffer());

        await PastTheGraceAsync(other, contact.ContactId);

        var after = await _host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "shirvan-1" });
        Assert.False(after.Connected);
        Assert.Equal(Presence.Available, after.Presence);
        Assert.Equal(1, (await _host.QueueAsync(Shirvan)).Responders.Disconnected);

        // Coming back, the responder learns why the offer went.
        await using var back = await ResponderSession.ConnectAsync(_host.Responders, "shirvan-1", lastSeen);
        var rescinded = back.Seen[0].OfferRescinded;
        Assert.Equal((contact.ContactId, RescindReason.Disconnected), (rescinded.Offer.ContactId, rescinded.Reason));
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId }));
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, refused.StatusCode);
    }

    /// <summary>
    /// Moves the clock past the grace period until the offer moves on. The grace runs from when
    /// the responder's grain sees the stream close, which can come a moment after the client
    /// hung up: a clock moved before that starts the grace late, so it is moved again.
    /// </summary>
    private async Task PastTheGraceAsync(ResponderSession other, string contactId)
    {
        for (var attempt = 1; ; attempt++)
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(31));
            try
            {
                await other.NextOfferAsync(contactId, TimeSpan.FromSeconds(attempt < 4 ? 3 : 15));
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                // The grace started after the clock moved: move it again.
            }
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The condition did not hold within 15 s.");
    }
}
