using Hotline.Access;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Queues;
using Hotline.Responders;
using Hotline.Routing;

namespace Hotline.Tests.Grains;

/// <summary>A region's dispatcher, its contacts and responders talking grain to grain, with no gateway in front.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class DispatcherGrainTests(GrainCluster cluster)
{
    private const string Region = "shaki-zagatala";
    private static readonly Caller Operator = new("desk-grains", Roles.Operator, [Region, "guba-khachmaz"], null);

    [Fact]
    public async Task AContactWaitsUntilAResponderIsAvailableAndIsThenOfferedToThem()
    {
        var responderId = $"r-{Guid.NewGuid():N}";
        var contact = await OpenAsync("AZ-SAK");
        var before = await Dispatcher().GetStats();
        Assert.True(before.Waiting >= 1);

        var responder = cluster.Grains.GetGrain<IResponderGrain>(responderId);
        await responder.Upsert(new ResponderProfileInput("Samir", Region, ["az"], [], [new ChannelCapacity(Channel.Chat, 1)]));
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var events = responder.Watch(0, watching.Token).GetAsyncEnumerator(watching.Token);
        await responder.SetPresence(Presence.Available, PresenceReason.None, new Caller(responderId, Roles.Responder, [], responderId), Roles.Responder);

        var offer = await NextOfferAsync(events, contact.ContactId);
        Assert.Equal((contact.ContactId, Region), (offer.ContactId, offer.Region));
        Assert.Equal(ContactStatus.Offered, (await cluster.Grains.GetGrain<IContactRouting>(contact.ContactId).Get())?.Status);
        await watching.CancelAsync();
    }

    [Fact]
    public async Task AnIntakeRetriedWithTheSameRequestIsTheSameContactAndWaitsOnce()
    {
        var requestId = Guid.NewGuid().ToString("N");
        var first = await OpenAsync("AZ-QAX", requestId);
        var waiting = (await Dispatcher().GetStats()).Waiting;

        var again = await OpenAsync("AZ-QAX", requestId);

        Assert.Equal((first.ContactId, first.CaseId), (again.ContactId, again.CaseId));
        Assert.Equal(waiting, (await Dispatcher().GetStats()).Waiting);
    }

    [Fact]
    public async Task AnAbandonedContactLeavesTheQueueAndIsCountedAsAbandoned()
    {
        var contact = await OpenAsync("AZ-ZAQ");
        var before = await Dispatcher().GetStats();

        var abandoned = await cluster.Grains.GetGrain<IContactGrain>(contact.ContactId).Abandon(Operator);

        var after = await Dispatcher().GetStats();
        Assert.Equal(ContactStatus.Abandoned, abandoned.Status);
        Assert.Equal((before.Waiting - 1, before.Today!.Abandoned + 1), (after.Waiting, after.Today!.Abandoned));
    }

    [Fact]
    public async Task AnOfferOutToAResponderWhoseGrainStartedAgainIsWithdrawnAndMadeAgain()
    {
        const string guba = "guba-khachmaz";
        var responderId = $"r-{Guid.NewGuid():N}";
        var responder = cluster.Grains.GetGrain<IResponderGrain>(responderId);
        await responder.Upsert(new ResponderProfileInput("Nigar", guba, ["az"], [], [new ChannelCapacity(Channel.Chat, 1)]));
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var events = responder.Watch(0, watching.Token).GetAsyncEnumerator(watching.Token);
        await responder.SetPresence(Presence.Available, PresenceReason.None, new Caller(responderId, Roles.Responder, [], responderId), Roles.Responder);
        var contact = await OpenAsync("AZ-QBA", region: guba);
        var first = await NextOfferAsync(events, contact.ContactId);

        // What a new activation of the responder's grain tells its dispatcher.
        await cluster.Grains.GetGrain<IDispatcherGrain>(guba).ResponderStarted(responderId);

        var again = await NextOfferAsync(events, contact.ContactId);
        Assert.NotEqual(first.OfferId, again.OfferId);
        Assert.Equal(again.OfferId, (await responder.Get())?.PendingOffer?.OfferId);
        await watching.CancelAsync();
    }

    [Fact]
    public async Task WhatGrainsReadOfAContactCarriesNoPersonalFieldOnlyACheckedReadDoes()
    {
        var requestId = Guid.NewGuid().ToString("N");
        var command = new OpenContactCommand(requestId, Channel.Chat, "az", "AZ-SAK", Region, [], Urgency.Normal, null,
            "Her passport is held by the farm owner", "Aysel", "after 18:00 only", null);
        var contact = await cluster.Grains.GetGrain<IContactGrain>(HotlineIds.ContactFromRequest(Operator.Subject, requestId)).Open(command, Operator);

        var internalView = await cluster.Grains.GetGrain<IContactRouting>(contact.ContactId).Get();
        var read = await cluster.Grains.GetGrain<IContactGrain>(contact.ContactId).Read(Operator);

        Assert.Equal((contact.ContactId, "", "", ""), (internalView!.ContactId, internalView.Summary, internalView.CallerName, internalView.Callback));
        Assert.Equal(("Her passport is held by the farm owner", "Aysel", "after 18:00 only"), (read.Summary, read.CallerName, read.Callback));
        await Assert.ThrowsAsync<Hotline.Errors.PermissionDeniedException>(() =>
            cluster.Grains.GetGrain<IContactGrain>(contact.ContactId).Read(new Caller("someone-else", Roles.Operator, [Region], null)));
    }

    private IRegionQueueGrain Dispatcher() => cluster.Grains.GetGrain<IRegionQueueGrain>(Region);

    private Task<ContactSnapshot> OpenAsync(string district, string? requestId = null, string region = Region)
    {
        requestId ??= Guid.NewGuid().ToString("N");
        var command = new OpenContactCommand(requestId, Channel.Chat, "az", district, region, [], Urgency.Normal, null, "", "", "", null);
        return cluster.Grains.GetGrain<IContactGrain>(HotlineIds.ContactFromRequest(Operator.Subject, requestId)).Open(command, Operator);
    }

    private static async Task<Offer> NextOfferAsync(IAsyncEnumerator<ResponderEvent> events, Guid contactId)
    {
        while (await events.MoveNextAsync())
        {
            if (events.Current is { Kind: ResponderEventKind.OfferMade, Offer: { } offer } && offer.ContactId == contactId)
            {
                return offer;
            }
        }

        throw new InvalidOperationException($"the stream ended before contact {contactId} was offered");
    }
}
