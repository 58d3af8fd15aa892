using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Cases;

/// <summary>
/// Follow-ups are durable: when due they are routed like a contact, to the case's owner when
/// the owner can take one, else to the region. One that fell due while the hotline was down
/// is routed when it starts again.
/// </summary>
public sealed class FollowUpTests
{
    [Fact]
    public async Task AFollowUpDueWhileTheHotlineWasDownIsOfferedToTheOwnerAfterARestart()
    {
        var data = HotlineHost.NewDataDirectory();
        var clock = new FakeTimeProvider(HotlineHost.Start);
        string caseId;
        string followUpId;
        try
        {
            await using (var host = await HotlineHost.StartAsync(data, clock))
            {
                await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
                await host.OnlineResponderAsync(Requests.Responder("rauf", CaseScenario.Region, voice: 5), connect: false);
                var cases = new CaseScenario(host, leyla);
                var contact = await cases.AssignedAsync();
                caseId = contact.CaseId;
                await cases.ConsentAsync(caseId, share: false, contactBack: true);
                var scheduled = await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
                {
                    CaseId = caseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromDays(2)), Note = "Call after the court hearing",
                });
                followUpId = scheduled.FollowUpId;
                await cases.CompleteAsync(contact);
                Assert.Equal(scheduled.DueAt, (await host.Cases.ListCasesAsync(new ListCasesRequest())).Cases.Single(c => c.CaseId == caseId).NextFollowUpAt);
            }

            clock.Advance(TimeSpan.FromDays(3));

            await using var again = await HotlineHost.StartAsync(data, clock);
            // Routed at start-up, before anyone is back on their stream; the owner takes it up.
            await using var owner = await ResponderSession.ConnectAsync(again.Responders, "leyla");
            await using var rauf = await ResponderSession.ConnectAsync(again.Responders, "rauf");
            var offer = await owner.NextOfferAsync();

            Assert.Equal((WorkKind.FollowUp, caseId, "Call after the court hearing"), (offer.Kind, offer.CaseId, offer.Summary));
            Assert.False(SawFollowUp(rauf));
            await again.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = offer.ContactId });
            await again.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = offer.ContactId });

            var file = await again.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });
            var followUp = file.FollowUps.Single();
            Assert.Equal((followUpId, offer.ContactId), (followUp.FollowUpId, followUp.ContactId));
            Assert.NotNull(followUp.RoutedAt);
            Assert.Contains(offer.ContactId, file.ContactIds);
            Assert.Contains(file.History, e => (e.Kind, e.ConcernsId) == ("follow_up_routed", followUpId));
            Assert.Contains(file.History, e => (e.Kind, e.Actor, e.ConcernsId) == ("follow_up_completed", "leyla", followUpId));
            Assert.Equal("leyla", file.OwnerResponderId);
            Assert.Null((await again.Cases.ListCasesAsync(new ListCasesRequest())).Cases.Single(c => c.CaseId == caseId).NextFollowUpAt);
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public async Task AFollowUpGoesToTheOwnerBeforeAnIdlerResponderAndToTheRegionWhenTheOwnerIsAway()
    {
        await using var host = await HotlineHost.StartAsync();
        await using var rauf = await host.OnlineResponderAsync(Requests.Responder("rauf", CaseScenario.Region, voice: 5));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(host, leyla);
        var contact = await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await rauf.NextOfferAsync(contact.ContactId);
        await host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = contact.ContactId });
        await leyla.NextOfferAsync(contact.ContactId);
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = contact.ContactId });
        await cases.CompleteAsync(contact);
        var referral = await cases.AsOwner.Cases.ReferAsync(new ReferRequest { CaseId = contact.CaseId, Service = ServiceType.Shelter, OrganisationId = "vac" });
        Task<FollowUp> Check(TimeSpan after) => cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
        {
            CaseId = contact.CaseId, Kind = FollowUpKind.CheckReferral, ReferralId = referral.ReferralId, DueAt = cases.In(after),
        }).ResponseAsync;
        await Check(TimeSpan.FromHours(1));
        await Check(TimeSpan.FromHours(5));

        // The scheduler's own timer notices once the clock passes the due time.
        host.Clock.Advance(TimeSpan.FromHours(2));
        var toOwner = await leyla.NextOfferAsync();
        Assert.Equal(WorkKind.FollowUp, toOwner.Kind);
        Assert.False(SawFollowUp(rauf));
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = toOwner.ContactId });
        await host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = toOwner.ContactId });

        await host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "leyla", Presence = Presence.Break });
        host.Clock.Advance(TimeSpan.FromHours(4));
        var toRegion = await rauf.NextOfferAsync();
        Assert.Equal((WorkKind.FollowUp, contact.CaseId), (toRegion.Kind, toRegion.CaseId));
    }

    [Fact]
    public async Task ClosingACaseCancelsItsFollowUps()
    {
        await using var host = await HotlineHost.StartAsync();
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(host, leyla);
        var contact = await cases.InProgressAsync();
        await cases.ConsentAsync(contact.CaseId, share: false, contactBack: true);
        await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest { CaseId = contact.CaseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromDays(1)) });
        await cases.CompleteAsync(contact);

        var closed = await cases.AsOwner.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId });

        Assert.NotNull(closed.FollowUps.Single().CancelledAt);
        host.Clock.Advance(TimeSpan.FromDays(2));
        // A pass of the scheduler over what is due now: when it returns, anything it would
        // have routed is on the case file and in the queue.
        await host.Services.GetRequiredService<Hotline.Cases.FollowUpScheduler>().RouteDueAsync();
        var after = await cases.ReadAsync(contact.CaseId);
        Assert.Equal(closed.ContactIds, after.ContactIds);
        Assert.Null(after.FollowUps.Single().RoutedAt);
        Assert.Equal(0, (await host.QueueAsync(CaseScenario.Region)).Waiting);
        Assert.False(SawFollowUp(leyla));
    }

    [Fact]
    public async Task WithdrawingTheConsentToBeContactedBackCancelsTheCallBacksWaiting()
    {
        await using var host = await HotlineHost.StartAsync();
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(host, leyla);
        var contact = await cases.ReferredAsync();
        await cases.CompleteAsync(contact);
        await cases.ConsentAsync(contact.CaseId, share: false, contactBack: true);
        var referralId = (await cases.ReadAsync(contact.CaseId)).Referrals.Single().ReferralId;
        var callBack = await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest { CaseId = contact.CaseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromHours(1)) });
        var check = await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
        {
            CaseId = contact.CaseId, Kind = FollowUpKind.CheckReferral, ReferralId = referralId, DueAt = cases.In(TimeSpan.FromHours(1)),
        });

        // "Do not call me, it is not safe": the call-back is cancelled, the referral check stays.
        var file = await cases.ConsentAsync(contact.CaseId, share: false, contactBack: false);

        Assert.NotNull(file.FollowUps.Single(f => f.FollowUpId == callBack.FollowUpId).CancelledAt);
        Assert.Null(file.FollowUps.Single(f => f.FollowUpId == check.FollowUpId).CancelledAt);
        Assert.Contains(file.History, e => (e.Kind, e.ConcernsId) == ("follow_up_cancelled", callBack.FollowUpId));
        host.Clock.Advance(TimeSpan.FromHours(2));
        var offer = await leyla.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade && e.OfferMade.Kind == WorkKind.FollowUp, "the referral check");
        var routed = (await cases.ReadAsync(contact.CaseId)).FollowUps;
        Assert.Equal(offer.OfferMade.ContactId, routed.Single(f => f.FollowUpId == check.FollowUpId).ContactId);
        Assert.Null(routed.Single(f => f.FollowUpId == callBack.FollowUpId).RoutedAt);
    }

    [Fact]
    public async Task ACallBackNeedsTheConsentToContactBack()
    {
        await using var host = await HotlineHost.StartAsync();
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(host, leyla);
        var contact = await cases.AssignedAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
        {
            CaseId = contact.CaseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromDays(1)),
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith("consents.contact_back:", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await cases.ReadAsync(contact.CaseId)).FollowUps);
    }

    private static bool SawFollowUp(ResponderSession session)
    {
        session.HasSeenOffer();
        return session.Seen.Any(e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade && e.OfferMade.Kind == WorkKind.FollowUp);
    }
}
