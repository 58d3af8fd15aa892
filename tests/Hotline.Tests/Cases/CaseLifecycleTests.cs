using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>
/// The case lifecycle: new → assigned → in progress → referred → closed, in progress → closed,
/// closed → in progress. Every allowed transition works and is in the history; every other is
/// refused naming the current status, and changes nothing.
/// </summary>
public sealed class CaseLifecycleTests : IAsyncLifetime
{
    private HotlineHost _host = null!;
    private CaseScenario _cases = null!;

    public async Task InitializeAsync()
    {
        _host = await HotlineHost.StartAsync();
        var leyla = await _host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 20));
        _cases = new CaseScenario(_host, leyla);
    }

    public async Task DisposeAsync()
    {
        await _cases.Owner.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task ACaseWalksTheWholeLifecycleAndEachStepIsInItsHistory()
    {
        var newCase = await _cases.NewAsync();
        Assert.Equal(CaseStatus.New, (await _cases.ReadAsync(newCase.CaseId)).Status);

        var contact = await _cases.AssignedAsync();
        var assigned = await _cases.ReadAsync(contact.CaseId);
        Assert.Equal((CaseStatus.Assigned, "leyla"), (assigned.Status, assigned.OwnerResponderId));

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cases.AsOwner.Cases.AddNoteAsync(new AddNoteRequest { CaseId = contact.CaseId, Text = "First conversation" });
        Assert.Equal(CaseStatus.InProgress, (await _cases.ReadAsync(contact.CaseId)).Status);

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cases.AsOwner.Cases.ReferAsync(new ReferRequest { CaseId = contact.CaseId, Service = ServiceType.Shelter, OrganisationId = "vac" });
        Assert.Equal(CaseStatus.Referred, (await _cases.ReadAsync(contact.CaseId)).Status);

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cases.CompleteAsync(contact);
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var closed = await _cases.AsOwner.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId });
        Assert.Equal(CaseStatus.Closed, closed.Status);

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var reopened = await _host.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = contact.CaseId });
        Assert.Equal(CaseStatus.InProgress, reopened.Status);

        var history = (await _host.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = contact.CaseId })).Events;
        Assert.Equal(["in_progress", "referred", "closed", "in_progress"], history.Where(e => e.Kind == "status_changed").Select(e => e.Detail));
        Assert.Equal(["leyla", "leyla", "leyla", "test-staff"], history.Where(e => e.Kind == "status_changed").Select(e => e.Actor));
        Assert.Equal(["opened", "assigned", "status_changed", "note_added", "referral_requested", "status_changed", "contact_completed", "status_changed", "status_changed"],
            history.Select(e => e.Kind));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At), "the history is in time order");
    }

    [Fact]
    public async Task ACaseInProgressClosesWithoutAReferral()
    {
        var contact = await _cases.InProgressAsync();
        await _cases.CompleteAsync(contact);

        var closed = await _host.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId });

        Assert.Equal(CaseStatus.Closed, closed.Status);
        var audit = await _host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => (r.Action, r.Actor, r.Role) == ("case_closed", "test-staff", "supervisor"));
    }

    [Fact]
    public async Task ACaseWithAContactStillConnectedCannotBeClosed()
    {
        var contact = await _cases.InProgressAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => _host.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("still open", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.InProgress, (await _cases.ReadAsync(contact.CaseId)).Status);
    }

    public static TheoryData<string, string> Forbidden() => new()
    {
        { "new", "close" }, { "new", "reopen" }, { "new", "refer" },
        { "assigned", "close" }, { "assigned", "reopen" },
        { "in_progress", "reopen" },
        { "referred", "reopen" },
        { "closed", "close" }, { "closed", "refer" }, { "closed", "note" }, { "closed", "facts" },
        { "closed", "follow_up" }, { "closed", "transfer" }, { "closed", "update_referral" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task AForbiddenTransitionIsRefusedNamingTheStatusAndChangesNothing(string status, string action)
    {
        var contact = status switch
        {
            "new" => await _cases.NewAsync(),
            "assigned" => await _cases.AssignedAsync(),
            "in_progress" => await _cases.InProgressAsync(),
            "referred" => await _cases.ReferredAsync(),
            _ => await _cases.ClosedAsync(),
        };
        var caseId = contact.CaseId;
        var referralId = (await _cases.ReadAsync(caseId)).Referrals.FirstOrDefault()?.ReferralId ?? Guid.NewGuid().ToString();
        var before = await _cases.ReadAsync(caseId);
        var writes = _host.Storage.Writes;

        var refused = await Assert.ThrowsAsync<RpcException>(() => action switch
        {
            "close" => _host.Cases.CloseAsync(new CloseCaseRequest { CaseId = caseId }).ResponseAsync,
            "reopen" => _host.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = caseId }).ResponseAsync,
            "refer" => _host.Cases.ReferAsync(new ReferRequest { CaseId = caseId, Service = ServiceType.Shelter, OrganisationId = "vac" }).ResponseAsync,
            "note" => _host.Cases.AddNoteAsync(new AddNoteRequest { CaseId = caseId, Text = "late note" }).ResponseAsync,
            "facts" => _host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = caseId, RiskLevel = RiskLevel.High }).ResponseAsync,
            "follow_up" => _host.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest { CaseId = caseId, Kind = FollowUpKind.CheckReferral, ReferralId = referralId, DueAt = _cases.In(TimeSpan.FromDays(1)) }).ResponseAsync,
            "transfer" => _host.Cases.TransferAsync(new TransferRequest { CaseId = caseId, ToRegion = "baku" }).ResponseAsync,
            _ => _host.Cases.UpdateReferralAsync(new UpdateReferralRequest { CaseId = caseId, ReferralId = referralId, Status = ReferralStatus.Accepted }).ResponseAsync,
        });

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith($"case_id: the case is {status};", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(writes, _host.Storage.Writes);
        Assert.Equal(before, await _cases.ReadAsync(caseId));
    }
}
