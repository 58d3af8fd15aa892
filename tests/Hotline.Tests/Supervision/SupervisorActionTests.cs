using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Supervision;

/// <summary>Supervisors step in: give a contact to a chosen responder, move it to another region, set a responder away.</summary>
public sealed class SupervisorActionTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";

    [Fact]
    public async Task ReassigningWithdrawsTheOfferAndOffersItToTheChosenResponder()
    {
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await first.NextOfferAsync(contact.ContactId);
        await using var chosen = await Host.OnlineResponderAsync(Requests.Responder("shirvan-2", Shirvan));

        var reassigned = await Host.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = contact.ContactId, ResponderId = "shirvan-2" });
        var offer = await chosen.NextOfferAsync(contact.ContactId);
        Assert.Equal(reassigned.OfferId, offer.OfferId);
        var withdrawn = await first.NextAsync(e => e.OfferRescinded is not null, "the withdrawn offer");
        Assert.Equal(RescindReason.Reassigned, withdrawn.OfferRescinded.Reason);
        // Withdrawn by a supervisor is not a miss: the first responder stays available.
        Assert.Equal(Presence.Available, (await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "shirvan-1" })).Presence);

        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-2", ContactId = contact.ContactId });
        var audit = await Host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => r.Action == "contact_reassigned" && r.Actor == HotlineHost.Staff.Subject);
    }

    [Fact]
    public async Task AResponderWhoCannotTakeItIsRefusedNamingWhyAndNothingChanges()
    {
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var offer = await first.NextOfferAsync(contact.ContactId);
        await Host.OnlineResponderAsync(Requests.Responder("on-break", Shirvan), connect: false);
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "on-break", Presence = Presence.Break });
        await using var russian = await Host.OnlineResponderAsync(Requests.Responder("russian-only", Shirvan, languages: ["ru"]));

        await AssertRefusedAsync("on-break", "break, not available");
        await AssertRefusedAsync("russian-only", "does not speak az");
        await AssertRefusedAsync("shirvan-1", "already offered to this responder");
        await AssertRefusedAsync("nobody", "no responder is registered");

        first.HasSeenOffer();
        Assert.DoesNotContain(first.Seen, e => e.OfferRescinded is not null);
        var now = await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId });
        Assert.Equal(("shirvan-1", ContactStatus.Offered), (now.ResponderId, now.Status));
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = offer.ContactId });

        var connected = await Assert.ThrowsAsync<RpcException>(async () =>
            await Host.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = contact.ContactId, ResponderId = "russian-only" }));
        Assert.Equal(StatusCode.FailedPrecondition, connected.StatusCode);
        Assert.Contains("only a waiting contact", connected.Status.Detail, StringComparison.Ordinal);

        async Task AssertRefusedAsync(string responderId, string why)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await Host.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = contact.ContactId, ResponderId = responderId }));
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.StartsWith("responder_id:", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains(why, refused.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMovedContactWaitsInTheNewRegionDurablyAndItsCaseStaysWhereItBelongs()
    {
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var moved = await Host.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = contact.ContactId, Region = "baku" });
        Assert.Equal(("baku", ContactStatus.Queued), (moved.Region, moved.Status));
        Assert.Equal((0, 1), ((await Host.QueueAsync(Shirvan)).Waiting, (await Host.QueueAsync("baku")).Waiting));
        Assert.Equal(1, (await Host.QueueAsync(Shirvan)).Today.Entered);
        Assert.Equal(0, (await Host.QueueAsync(Shirvan)).Today.Abandoned);

        await using var baku = await Host.OnlineResponderAsync(Requests.Responder("baku-1", "baku"));
        await baku.NextOfferAsync(contact.ContactId);
        var file = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Assert.Equal(Shirvan, file.Region);
        var audit = await Host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => r.Action == "contact_moved");

        // Moving it again to where it waits (a retry) changes nothing: still one entry, still offered.
        var again = await Host.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = contact.ContactId, Region = "baku" });
        Assert.Equal(("baku", ContactStatus.Offered), (again.Region, again.Status));
        Assert.Equal((1, 1), ((await Host.QueueAsync("baku")).Waiting, (await Host.QueueAsync("baku")).Offered));
    }

    [Fact]
    public async Task ASupervisorHandsAContactOnlyToRegionsAndRespondersTheySupervise()
    {
        var shirvanOnly = Host.As(new Hotline.Gateway.Security.TokenClaims("sup-shirvan", ["supervisor"], [Shirvan]));
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await first.NextOfferAsync(contact.ContactId);
        await using var elsewhere = await Host.OnlineResponderAsync(Requests.Responder("baku-1", "baku"));

        var toResponder = await Assert.ThrowsAsync<RpcException>(async () =>
            await shirvanOnly.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = contact.ContactId, ResponderId = "baku-1" }));
        var toRegion = await Assert.ThrowsAsync<RpcException>(async () =>
            await shirvanOnly.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = contact.ContactId, Region = "baku" }));

        var toNobody = await Assert.ThrowsAsync<RpcException>(async () =>
            await shirvanOnly.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = contact.ContactId, ResponderId = "nobody" }));
        Assert.Equal((StatusCode.PermissionDenied, toResponder.Status.Detail), (toNobody.StatusCode, toNobody.Status.Detail));
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (toResponder.StatusCode, toRegion.StatusCode));
        Assert.Equal("responder_id: a supervisor may give a contact only to a responder whose home region they supervise", toResponder.Status.Detail);
        Assert.Equal("region: a supervisor may move a contact only to a region they supervise", toRegion.Status.Detail);
        var now = await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId });
        Assert.Equal((Shirvan, "shirvan-1", ContactStatus.Offered), (now.Region, now.ResponderId, now.Status));
        Assert.DoesNotContain((await Host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId })).Records,
            r => r.Action is "contact_reassigned" or "contact_moved");
    }

    [Fact]
    public async Task AMoveSurvivesARestart()
    {
        var data = HotlineHost.NewDataDirectory();
        try
        {
            string contactId;
            await using (var host = await HotlineHost.StartAsync(data))
            {
                contactId = (await host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"))).ContactId;
                await host.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = contactId, Region = "baku" });
            }

            await using (var host = await HotlineHost.StartAsync(data))
            {
                Assert.Equal((0, 1), ((await host.QueueAsync(Shirvan)).Waiting, (await host.QueueAsync("baku")).Waiting));
                await using var baku = await host.OnlineResponderAsync(Requests.Responder("baku-1", "baku"));
                await baku.NextOfferAsync(contactId);
            }
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public async Task ASupervisorSetsAResponderAwayAndTheyAreOfferedNothing()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var entry = await Host.Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Away });
        Assert.Equal((RosterStatus.Away, Presence.Away, true), (entry.Status, entry.Presence, entry.Connected));
        await responder.NextAsync(e => e.PresenceChanged == Presence.Away, "the presence change on their stream");

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        Assert.Equal(1, (await Host.QueueAsync(Shirvan)).Responders.Away);
        await Host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Available });
        await responder.NextOfferAsync(contact.ContactId);
    }
}
