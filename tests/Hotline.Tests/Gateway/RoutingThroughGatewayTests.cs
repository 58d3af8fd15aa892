using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

public sealed class RoutingThroughGatewayTests : HostedTest
{
    [Fact]
    public async Task IsmayilliContactIsOfferedToConnectedShirvanResponderWithLanguageAndSkill()
    {
        // Registered (and idle) first, so each would win "idle longest" if its flaw were ignored.
        await Host.OnlineResponderAsync(Requests.Responder("shirvan-offline-stream", "mountainous-shirvan", skills: ["legal_aid"]), connect: false);
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var baku = await Host.OnlineResponderAsync(Requests.Responder("baku-lawyer", "baku", skills: ["legal_aid"]));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var noSkill = await Host.OnlineResponderAsync(Requests.Responder("shirvan-no-skill", "mountainous-shirvan"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var russianOnly = await Host.OnlineResponderAsync(Requests.Responder("shirvan-russian", "mountainous-shirvan", languages: ["ru"], skills: ["legal_aid"]));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var right = await Host.OnlineResponderAsync(Requests.Responder("shirvan-lawyer", "mountainous-shirvan", languages: ["ru", "az"], skills: ["legal_aid", "shelter"]));

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "az", skills: ["legal_aid"]));
        Assert.Equal("mountainous-shirvan", contact.Region);

        var offer = await right.NextOfferAsync(contact.ContactId);
        Assert.Equal(Channel.Voice, offer.Channel);
        Assert.Equal("Caller reports passport taken by employer", offer.Summary);
        Assert.True(offer.Deadline.ToDateTimeOffset() > HotlineHost.Start);

        var accepted = await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-lawyer", ContactId = contact.ContactId });
        Assert.Equal(contact.CaseId, accepted.Assignment.CaseId);

        var connected = await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId });
        Assert.Equal(ContactStatus.Connected, connected.Status);
        Assert.Equal("shirvan-lawyer", connected.ResponderId);

        var file = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Assert.Equal("shirvan-lawyer", file.OwnerResponderId);
        Assert.Equal(CaseStatus.Assigned, file.Status);
        Assert.Equal([contact.ContactId], file.ContactIds);

        foreach (var other in new[] { baku, noSkill, russianOnly })
        {
            Assert.False(other.HasSeenOffer(), $"{other.ResponderId} must not be offered the contact");
        }
    }

    [Fact]
    public async Task DistrictAndRegionCodesRouteToTheSameDispatcher()
    {
        var balakan = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-BAL"));
        var shamakhi = await Host.Intake.OpenContactAsync(Requests.Contact("az-smi"));
        var region = await Host.Intake.OpenContactAsync(Requests.Contact("shaki-zagatala"));

        Assert.Equal("shaki-zagatala", balakan.Region);
        Assert.Equal("mountainous-shirvan", shamakhi.Region);
        Assert.Equal("shaki-zagatala", region.Region);
        Assert.Equal(2, (await Host.QueueAsync("shaki-zagatala")).Waiting);
    }

    [Fact]
    public async Task MoreUrgentFirstThenFirstInFirstOut()
    {
        var opened = new List<(string Name, Contact Contact)>();
        foreach (var (name, urgency) in new[]
        {
            ("normal-1", Urgency.Normal), ("high-1", Urgency.High), ("normal-2", Urgency.Normal),
            ("danger-1", Urgency.ImminentDanger), ("low-1", Urgency.Low), ("high-2", Urgency.High),
        })
        {
            opened.Add((name, await Host.Intake.OpenContactAsync(Requests.Contact("baku", urgency: urgency))));
            Host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("baku-1", "baku", voice: 1));
        var order = new List<string>();
        for (var i = 0; i < opened.Count; i++)
        {
            var offer = await responder.NextOfferAsync();
            order.Add(opened.Single(o => o.Contact.ContactId == offer.ContactId).Name);
            await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "baku-1", ContactId = offer.ContactId });
            await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "baku-1", ContactId = offer.ContactId });
        }

        Assert.Equal(["danger-1", "high-1", "high-2", "normal-1", "normal-2", "low-1"], order);
    }

    [Fact]
    public async Task DeclinedThenMissedOfferGoesToTheNextAndTheMissingResponderIsAway()
    {
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("first", "baku"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var second = await Host.OnlineResponderAsync(Requests.Responder("second", "baku"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var third = await Host.OnlineResponderAsync(Requests.Responder("third", "baku"));

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        await first.NextOfferAsync(contact.ContactId);
        await Host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "first", ContactId = contact.ContactId });

        var secondOffer = await second.NextOfferAsync(contact.ContactId);
        Host.Clock.Advance(TimeSpan.FromSeconds(31));

        await third.NextOfferAsync(contact.ContactId);
        var rescinded = await second.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.OfferRescinded, "the missed offer withdrawn");
        Assert.Equal(RescindReason.Missed, rescinded.OfferRescinded.Reason);
        Assert.Equal(secondOffer.OfferId, rescinded.OfferRescinded.Offer.OfferId);
        await second.NextAsync(e => e.PresenceChanged == Presence.Away, "presence set to away");

        var missed = await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "second" });
        Assert.Equal(Presence.Away, missed.Presence);
        var decliner = await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "first" });
        Assert.Equal(Presence.Available, decliner.Presence);

        var late = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "second", ContactId = contact.ContactId }));
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, late.StatusCode);

        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "third", ContactId = contact.ContactId });
        Assert.Equal("third", (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).ResponderId);
    }

    [Fact]
    public async Task AnAcceptOrCompletionRepeatedAfterItTookEffectAnswersTheSameAndDoesNothingMore()
    {
        await using var desk = await Host.OnlineResponderAsync(Requests.Responder("repeat", "baku"));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        await desk.NextOfferAsync(contact.ContactId);
        var action = new OfferActionRequest { ResponderId = "repeat", ContactId = contact.ContactId };

        // As a client does when the first answer was lost (a failover): the same request again.
        var first = await Host.Responders.AcceptOfferAsync(action);
        var again = await Host.Responders.AcceptOfferAsync(action);
        Assert.Equal(first.Assignment, again.Assignment);

        await Host.Responders.CompleteContactAsync(action);
        await Host.Responders.CompleteContactAsync(action);
        await desk.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.AssignmentEnded, "the contact ended");
        Assert.Equal(ContactStatus.Completed, (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);
        // The stream is in order: a second assignment would have come before the end.
        Assert.Single(desk.Drain(), e => e.EventCase == ResponderEvent.EventOneofCase.Assigned);

        // Completing someone else's finished contact is still refused.
        await Host.Responders.UpsertResponderAsync(Requests.Responder("bystander", "baku"));
        var other = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "bystander", ContactId = contact.ContactId }));
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, other.StatusCode);
    }

    [Fact]
    public async Task WaitingContactEscalatesToANeighbourRegionAfterTheThreshold()
    {
        // Baku is not Mountainous Shirvan's neighbour; Absheron-Khizi is.
        await using var baku = await Host.OnlineResponderAsync(Requests.Responder("baku-1", "baku"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var absheron = await Host.OnlineResponderAsync(Requests.Responder("absheron-1", "absheron-khizi"));

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-SMI", urgency: Urgency.Normal));
        Assert.Equal(ContactStatus.Queued, contact.Status);

        Host.Clock.Advance(TimeSpan.FromSeconds(91));
        var offer = await absheron.NextOfferAsync(contact.ContactId);
        Assert.True(offer.Escalated);
        Assert.Equal("mountainous-shirvan", offer.Region);

        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "absheron-1", ContactId = contact.ContactId });
        Assert.False(baku.HasSeenOffer());
        Assert.Equal(0, (await Host.QueueAsync("mountainous-shirvan")).Waiting);
    }

    [Fact]
    public async Task OpeningTwiceWithTheSameRequestIdMakesOneContact()
    {
        var request = Requests.Contact("baku", requestId: "desk-7:call-0042");
        var first = await Host.Intake.OpenContactAsync(request);
        var second = await Host.Intake.OpenContactAsync(request);

        Assert.Equal(first.ContactId, second.ContactId);
        Assert.Equal(first.CaseId, second.CaseId);
        Assert.Equal(1, (await Host.QueueAsync("baku")).Waiting);
        Assert.Single((await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = first.CaseId })).ContactIds);
    }
}
