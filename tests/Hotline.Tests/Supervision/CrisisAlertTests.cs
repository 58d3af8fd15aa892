using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Supervision;

/// <summary>Crisis alerts reach the supervisors of the contact's region, at once, and nobody else.</summary>
public sealed class CrisisAlertTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";
    private static readonly TokenClaims ShirvanSupervisor = new("sup-shirvan", ["supervisor"], [Shirvan]);
    private static readonly TokenClaims BakuSupervisor = new("sup-baku", ["supervisor"], ["baku"]);
    private static readonly TokenClaims NationalSupervisor = new("sup-national", ["supervisor"], ["*"]);

    [Fact]
    public async Task AnImminentDangerContactAlertsItsRegionsSupervisorsAndNotOthers()
    {
        await using var shirvan = await WatchAsync(ShirvanSupervisor);
        await using var baku = await WatchAsync(BakuSupervisor);
        await using var national = await WatchAsync(NationalSupervisor);

        var crisis = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));
        var alert = (await shirvan.NextAsync(u => u.Alert is not null, "the crisis alert")).Alert;
        Assert.Equal((Shirvan, AlertReason.Opened, crisis.ContactId, crisis.CaseId, false), (alert.Region, alert.Reason, alert.ContactId, alert.CaseId, alert.Standing));
        Assert.Equal(crisis.ContactId, (await national.NextAsync(u => u.Alert is not null, "the alert nationally")).Alert.ContactId);

        // A crisis in Baku reaches Baku's supervisor; Shirvan's crisis never did.
        var bakuCrisis = await Host.Intake.OpenContactAsync(Requests.Contact("baku", urgency: Urgency.ImminentDanger));
        var bakuAlert = (await baku.NextAsync(u => u.Alert is not null, "Baku's alert")).Alert;
        Assert.Equal(bakuCrisis.ContactId, bakuAlert.ContactId);
        Assert.DoesNotContain(baku.Drain(), u => u.Alert?.ContactId == crisis.ContactId);
        await shirvan.NextAsync(u => u.Region?.Waiting == 1, "Shirvan's figures after the alert");
        Assert.DoesNotContain(shirvan.Drain(), u => u.Alert?.ContactId == bakuCrisis.ContactId);

        // A normal contact raises nothing; the alert carries nothing the person said.
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await shirvan.NextAsync(u => u.Region?.Waiting == 2, "the normal contact waiting");
        Assert.Single(shirvan.Drain(), u => u.Alert is not null);
        Assert.DoesNotContain("passport", alert.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnsweringTheContactEndsTheAlertSayingWhoAnsweredAndWhen()
    {
        await using var shirvan = await WatchAsync(ShirvanSupervisor);
        var crisis = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));
        await shirvan.NextAsync(u => u.Alert?.Reason == AlertReason.Opened, "the alert");
        Host.Clock.Advance(TimeSpan.FromSeconds(20));

        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        await responder.NextOfferAsync(crisis.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = crisis.ContactId });

        var answered = (await shirvan.NextAsync(u => u.Alert?.Reason == AlertReason.Answered, "the alert's end")).Alert;
        Assert.Equal((crisis.ContactId, crisis.CaseId, "shirvan-1"), (answered.ContactId, answered.CaseId, answered.AnsweredBy));
        Assert.Equal(Host.Clock.GetUtcNow(), answered.At.ToDateTimeOffset());
        Assert.Equal(crisis.ReceivedAt, answered.Since);

        // It no longer stands: a supervisor who starts watching now is not alerted.
        await using var later = await WatchAsync(ShirvanSupervisor);
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await later.NextAsync(u => u.Region?.Waiting == 1, "the next contact waiting");
        Assert.DoesNotContain(later.Drain(), u => u.Alert is not null);
    }

    [Fact]
    public async Task StillNotConnectedAfterTheConfiguredTimeAlertsAgainOnce()
    {
        await using var shirvan = await WatchAsync(ShirvanSupervisor);
        var crisis = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));
        await shirvan.NextAsync(u => u.Alert?.Reason == AlertReason.Opened, "the first alert");

        Host.Clock.Advance(TimeSpan.FromSeconds(61));
        var again = (await shirvan.NextAsync(u => u.Alert is not null, "the second alert")).Alert;
        Assert.Equal((AlertReason.NotConnectedInTime, crisis.ContactId), (again.Reason, again.ContactId));

        Host.Clock.Advance(TimeSpan.FromSeconds(61));
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await shirvan.NextAsync(u => u.Region?.Waiting == 2, "a later update");
        Assert.Equal(2, shirvan.Drain().Count(u => u.Alert is not null));
    }

    [Fact]
    public async Task AWatcherWhoArrivesLaterSeesTheStandingAlertAfterTheSnapshot()
    {
        var crisis = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));
        await using var shirvan = await WatchAsync(ShirvanSupervisor);
        Assert.Equal(QueueUpdate.UpdateOneofCase.Snapshot, shirvan.Seen[0].UpdateCase);
        var standing = (await shirvan.NextAsync(u => u.Alert is not null, "the standing alert")).Alert;
        Assert.Equal((crisis.ContactId, true), (standing.ContactId, standing.Standing));
    }

    [Fact]
    public async Task RaisingACasesRiskToImminentDangerAlertsItsRegion()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        await using var shirvan = await WatchAsync(ShirvanSupervisor);

        await Host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = contact.CaseId, RiskLevel = RiskLevel.High });
        await Host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = contact.CaseId, RiskLevel = RiskLevel.ImminentDanger });
        var alert = (await shirvan.NextAsync(u => u.Alert is not null, "the risk alert")).Alert;
        Assert.Equal((AlertReason.RiskRaised, contact.CaseId, contact.ContactId), (alert.Reason, alert.CaseId, alert.ContactId));

        // Saying it again is not a new alert.
        await Host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = contact.CaseId, RiskLevel = RiskLevel.ImminentDanger });
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await shirvan.NextAsync(u => u.Region?.Waiting == 1, "a later update");
        Assert.Single(shirvan.Drain(), u => u.Alert is not null);
    }

    private async Task<LiveStream<QueueUpdate>> WatchAsync(TokenClaims supervisor)
    {
        var stream = new LiveStream<QueueUpdate>(Host.As(supervisor).Supervisor.WatchQueues(new WatchQueuesRequest()), $"the stream of {supervisor.Subject}");
        await stream.NextAsync(u => u.Snapshot is not null, "the snapshot");
        return stream;
    }
}
