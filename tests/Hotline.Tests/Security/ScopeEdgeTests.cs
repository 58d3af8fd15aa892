using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>The corners of the access rules: replays, retries, links across regions, existence.</summary>
public sealed class ScopeEdgeTests : HostedTest
{
    [Fact]
    public async Task AReplayedOfferThatWasDeclinedComesWithoutItsSummary()
    {
        await using var aysel = await Host.OnlineResponderAsync(Requests.Responder("aysel", People.Region));
        var contact = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var live = await aysel.NextAsync(e => e.EventCase == ResponderEvent.EventOneofCase.OfferMade, "the offer");
        Assert.Equal(contact.Summary, live.OfferMade.Summary);
        await Host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });

        await using var resumed = await ResponderSession.ConnectAsync(Host.Responders, "aysel", live.Sequence - 1);
        var replayed = resumed.Seen[0];
        Assert.Equal(ResponderEvent.EventOneofCase.OfferMade, replayed.EventCase);
        Assert.Equal(contact.ContactId, replayed.OfferMade.ContactId);
        Assert.Equal("", replayed.OfferMade.Summary);

        var audit = await Host.As(People.SupervisorIn).Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Single(audit.Records, r => r.Action == "offer_shown" && r.Actor == "aysel");
    }

    [Fact]
    public async Task ARetriedIntakeIsAuditedAsARead()
    {
        var operatorIn = Host.As(People.OperatorIn);
        var request = Requests.Contact("AZ-ISM", "lez");
        var first = await operatorIn.Intake.OpenContactAsync(request);
        var retried = await operatorIn.Intake.OpenContactAsync(request);

        Assert.Equal(first.ContactId, retried.ContactId);
        var audit = await Host.As(People.SupervisorIn).Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = first.CaseId });
        Assert.Equal([("op-in", "case_opened"), ("op-in", "contact_read"), ("sup-in", "audit_read")], audit.Records.Select(r => (r.Actor, r.Action)));
    }

    [Fact]
    public async Task TheSameRequestIdFromTwoOperatorsMakesTwoContacts()
    {
        var request = Requests.Contact("AZ-ISM", "lez", requestId: "desk:0001");
        var mine = await Host.As(People.OperatorIn).Intake.OpenContactAsync(request);
        var theirs = await Host.As(People.OperatorOther).Intake.OpenContactAsync(request);

        Assert.NotEqual(mine.ContactId, theirs.ContactId);
        Assert.Equal(("op-in", "op-other"), (mine.OpenedBy, theirs.OpenedBy));
    }

    [Fact]
    public async Task AContactCannotJoinACaseOfAnotherRegionNorOneOutsideTheOperatorsRegions()
    {
        var both = new TokenClaims("op-both", ["operator"], [People.Region, People.OtherRegion]);
        var shirvanCase = await Host.As(both).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        var writes = Host.Storage.Writes;

        var fromBaku = Requests.Contact("baku", "lez");
        fromBaku.CaseId = shirvanCase.CaseId;
        var split = await Assert.ThrowsAsync<RpcException>(() => Host.As(both).Intake.OpenContactAsync(fromBaku).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, split.StatusCode);

        var fromShirvan = Requests.Contact("AZ-ISM", "lez");
        fromShirvan.CaseId = shirvanCase.CaseId;
        var bakuOnly = Requests.Contact("baku", "lez");
        bakuOnly.CaseId = shirvanCase.CaseId;
        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.As(People.OperatorOut).Intake.OpenContactAsync(bakuOnly).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(writes, Host.Storage.Writes);

        // From the case's own region the returning caller is linked: one link, one contact.
        var linked = await Host.As(both).Intake.OpenContactAsync(fromShirvan);
        Assert.Equal(shirvanCase.CaseId, linked.CaseId);
        Assert.Equal(writes + 2, Host.Storage.Writes);
    }

    [Fact]
    public async Task OnlyASupervisorOfEveryRegionLearnsThatSomethingDoesNotExist()
    {
        var missing = new GetContactRequest { ContactId = Guid.NewGuid().ToString() };
        var everywhere = new TokenClaims("sup-all", ["supervisor"], ["*"]);

        var notFound = await Assert.ThrowsAsync<RpcException>(() => Host.As(everywhere).Intake.GetContactAsync(missing).ResponseAsync);
        var denied = await Assert.ThrowsAsync<RpcException>(() => Host.As(People.SupervisorIn).Intake.GetContactAsync(missing).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task AnAdminWhoIsAlsoASupervisorReadsCasesOfTheirRegions()
    {
        var contact = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        var adminOnly = Host.As(People.Admin);
        var adminAndSupervisor = Host.As(new TokenClaims("admin-2", ["admin", "supervisor"], [People.Region]));

        var denied = await Assert.ThrowsAsync<RpcException>(() => adminOnly.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(contact.CaseId, (await adminAndSupervisor.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).CaseId);
        var audit = await adminOnly.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => (r.Actor, r.Role, r.Action) == ("admin-2", "supervisor", "case_read"));
    }
}
