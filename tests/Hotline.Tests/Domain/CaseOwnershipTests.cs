using Hotline.Audit;
using Hotline.Cases;
using Hotline.Contacts;
using Hotline.Domain;

namespace Hotline.Tests.Domain;

/// <summary>The one rule of who owns a case, as the case index receives it from each contact write.</summary>
public sealed class CaseOwnershipTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheWriteThatOpensACaseCreatesItsRowAsNewWithTheCallersHash()
    {
        var change = CaseOwnership.IndexChange(Write(AuditActions.CaseOpened, WorkKind.Contact, callerKey: "k1"));

        Assert.True(change.Opens);
        Assert.Equal(("baku", CaseStatus.New, "op1", "k1"), (change.Region, change.RoutingStatus, change.OpenedBy, change.CallerKey));
        Assert.Null(change.Owner);
        Assert.Equal(At.ToUnixTimeMilliseconds(), change.ActivityMs);
    }

    [Fact]
    public void ConnectingAContactMakesItsResponderTheOwnerAndTheCaseAssigned()
    {
        var change = CaseOwnership.IndexChange(Write(AuditActions.ContactConnected, WorkKind.Contact, responder: "r1"));

        Assert.False(change.Opens);
        Assert.Equal(("r1", CaseStatus.Assigned), (change.Owner, change.RoutingStatus));
        Assert.Null(change.Region);
    }

    [Fact]
    public void AConnectedFollowUpLeavesTheOwnerAsItIs()
    {
        var change = CaseOwnership.IndexChange(Write(AuditActions.FollowUpConnected, WorkKind.FollowUp, responder: "r2"));

        Assert.Null(change.Owner);
        Assert.Null(change.RoutingStatus);
    }

    [Fact]
    public void AnAcceptedTransferToARegionMovesTheCaseToItsNewOwner()
    {
        var change = CaseOwnership.IndexChange(Write(AuditActions.TransferAccepted, WorkKind.Transfer, responder: "r3", transferRegion: "ganja-dashkasan"));

        Assert.Equal(("r3", CaseStatus.Assigned, "ganja-dashkasan"), (change.Owner, change.RoutingStatus, change.Region));
    }

    [Fact]
    public void ErasureForgetsTheCallersHashAndIsNotActivity()
    {
        var change = CaseOwnership.IndexChange(Write(AuditActions.ContactErased, WorkKind.Contact, callerKey: "k1"));

        Assert.True(change.ForgetsCaller);
        Assert.Null(change.ActivityMs);
        Assert.Null(change.CallerKey);
    }

    [Fact]
    public void TheOwnerIsWhoeverConnectedLastAndFollowUpsDoNotCount()
    {
        var first = Snapshot(WorkKind.Contact, "r1", At);
        var transfer = Snapshot(WorkKind.Transfer, "r2", At.AddHours(1));
        var followUp = Snapshot(WorkKind.FollowUp, "r3", At.AddHours(2));

        Assert.Equal("r2", CaseOwnership.LatestOwning([first, transfer, followUp])?.ResponderId);
        Assert.Equal(CaseStatus.Assigned, CaseOwnership.Status(null, "r2"));
        Assert.Equal(CaseStatus.Closed, CaseOwnership.Status(CaseStatus.Closed, "r2"));
        Assert.Equal(CaseStatus.New, CaseOwnership.Status(null, null));
    }

    private static ContactWrite Write(string action, WorkKind kind, string? responder = null, string? transferRegion = null, string? callerKey = null) =>
        new(new ContactChange(action, "someone", "operator", At), kind, "baku", responder, transferRegion, "op1", callerKey);

    private static ContactSnapshot Snapshot(WorkKind kind, string responder, DateTimeOffset connectedAt) =>
        new(Guid.NewGuid(), Guid.Empty, ContactStatus.Connected, Channel.Voice, "az", "AZ-BA", "baku", [], Urgency.Normal, "",
            responder, connectedAt.AddMinutes(-1), connectedAt, null, null, false, "", "", "op1", null, kind, null, null, null);
}
