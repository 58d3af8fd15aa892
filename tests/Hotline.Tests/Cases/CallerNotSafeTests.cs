using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Cases;

/// <summary>
/// A contact ended as "caller not safe": the case shows it, the region's supervisors are
/// alerted, nothing of it goes outside, and its follow-ups wait (held, not cancelled) until a
/// responder clears it; then they are offered.
/// </summary>
public sealed class CallerNotSafeTests : HostedTest
{
    private static readonly TokenClaims ShirvanSupervisor = new("sup-shirvan", ["supervisor"], [CaseScenario.Region]);

    [Fact]
    public async Task ACallerNotSafeEndHoldsTheFollowUpsAlertsTheRegionAndAResponderClearsIt()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(Host, leyla);
        var contact = await cases.InProgressAsync();
        await cases.ConsentAsync(contact.CaseId, share: true, contactBack: true);
        var callBack = await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest { CaseId = contact.CaseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromHours(1)) });
        await using var supervisors = new LiveStream<QueueUpdate>(Host.As(ShirvanSupervisor).Supervisor.WatchQueues(new WatchQueuesRequest()), "the supervisors' stream");
        await supervisors.NextAsync(u => u.Snapshot is not null, "the snapshot");

        await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = contact.ContactId, CallerNotSafe = true });

        var alert = (await supervisors.NextAsync(u => u.Alert?.Reason == AlertReason.CallerNotSafe, "the caller-not-safe alert")).Alert;
        Assert.Equal((contact.CaseId, contact.ContactId), (alert.CaseId, alert.ContactId));
        var file = await cases.ReadAsync(contact.CaseId);
        Assert.NotNull(file.CallerNotSafeSince);
        Assert.Contains(file.History, e => (e.Kind, e.Actor, e.ContactId) == ("caller_not_safe", "leyla", contact.ContactId));
        var audit = await Host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => (r.Action, r.Actor) == ("caller_not_safe", "leyla"));

        // Nothing goes outside: a referral to an outside organisation is refused, even with consent to share.
        var outside = (await Host.Cases.ListPartnersAsync(new ListPartnersRequest { Region = CaseScenario.Region })).Partners.First(p => p.Outside);
        var refused = await Assert.ThrowsAsync<RpcException>(() => cases.AsOwner.Cases.ReferAsync(new ReferRequest
        {
            CaseId = contact.CaseId, Service = outside.Services[0], OrganisationId = outside.OrganisationId,
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);

        // Due meanwhile: held, neither routed nor cancelled.
        Host.Clock.Advance(TimeSpan.FromHours(2));
        await Host.Services.GetRequiredService<Hotline.Cases.FollowUpScheduler>().RouteDueAsync();
        var held = (await cases.ReadAsync(contact.CaseId)).FollowUps.Single();
        Assert.Equal((callBack.FollowUpId, (Google.Protobuf.WellKnownTypes.Timestamp?)null, (Google.Protobuf.WellKnownTypes.Timestamp?)null), (held.FollowUpId, held.RoutedAt, held.CancelledAt));
        Assert.Equal(0, (await Host.QueueAsync(CaseScenario.Region)).Waiting);

        var cleared = await cases.AsOwner.Cases.ClearNotSafeAsync(new ClearNotSafeRequest { CaseId = contact.CaseId });

        Assert.Null(cleared.CallerNotSafeSince);
        Assert.Contains(cleared.History, e => (e.Kind, e.Actor) == ("not_safe_cleared", "leyla"));
        var offer = await leyla.NextOfferAsync();
        Assert.Equal((WorkKind.FollowUp, contact.CaseId), (offer.Kind, offer.CaseId));
        // A repeat changes nothing.
        Assert.Null((await cases.AsOwner.Cases.ClearNotSafeAsync(new ClearNotSafeRequest { CaseId = contact.CaseId })).CallerNotSafeSince);
    }

    [Fact]
    public async Task AnOperatorEndingAsNotSafeHoldsACallBackAlreadyWaiting()
    {
        await using var leyla = await Host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 1));
        var cases = new CaseScenario(Host, leyla);
        var first = await cases.AssignedAsync();
        await cases.ConsentAsync(first.CaseId, share: false, contactBack: true);
        await cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest { CaseId = first.CaseId, Kind = FollowUpKind.CallBack, DueAt = cases.In(TimeSpan.FromMinutes(5)) });
        await cases.CompleteAsync(first);
        // The person calls again; the operator takes it into the case and the owner answers.
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "leyla", Presence = Presence.Available });
        var returning = Requests.Contact("AZ-ISM");
        returning.CaseId = first.CaseId;
        var again = await cases.AssignedAsync(returning);
        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        await Host.Services.GetRequiredService<Hotline.Cases.FollowUpScheduler>().RouteDueAsync();
        Assert.Equal(1, (await Host.QueueAsync(CaseScenario.Region)).Waiting);

        var ended = await Host.Intake.EndContactAsync(new EndContactRequest { ContactId = again.ContactId, CallerNotSafe = true });

        Assert.Equal(ContactStatus.Completed, ended.Status);
        Assert.NotNull((await cases.ReadAsync(first.CaseId)).CallerNotSafeSince);
        // Leyla is free again, and the call-back waits without being offered: it is held.
        await leyla.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.AssignmentEnded && e.AssignmentEnded.ContactId == again.ContactId, "the end of the second contact");
        var stats = await Host.QueueAsync(CaseScenario.Region);
        Assert.Equal((1, 0), (stats.Waiting, stats.Offered));
        await cases.AsOwner.Cases.ClearNotSafeAsync(new ClearNotSafeRequest { CaseId = first.CaseId });
        Assert.Equal(WorkKind.FollowUp, (await leyla.NextOfferAsync()).Kind);
    }
}
