using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>
/// A case holds at most the configured notes, referrals, follow-ups and events of its own: work
/// past a cap is RESOURCE_EXHAUSTED naming the case and the cap, and changes nothing; a full
/// case can still be closed, but not reopened to grow again.
/// </summary>
public sealed class CaseLimitTests : IAsyncLifetime
{
    private HotlineHost _host = null!;
    private CaseScenario _cases = null!;

    public async Task InitializeAsync()
    {
        _host = await HotlineHost.StartAsync(null, null,
            "--Hotline:CaseLimits:Notes=3", "--Hotline:CaseLimits:Referrals=2", "--Hotline:CaseLimits:FollowUps=2", "--Hotline:CaseLimits:Events=12");
        var owner = await _host.OnlineResponderAsync(Requests.Responder("capped", CaseScenario.Region, voice: 20));
        _cases = new CaseScenario(_host, owner);
    }

    public async Task DisposeAsync()
    {
        await _cases.Owner.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task ANoteBeyondTheCapIsRefusedNamingTheCapAndChangesNothing()
    {
        var contact = await _cases.InProgressAsync();
        await Note(contact.CaseId);
        await Note(contact.CaseId);
        var full = await _cases.ReadAsync(contact.CaseId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Note(contact.CaseId));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("case_id: a case holds at most 3 notes; this one is full", refused.Status.Detail);
        Assert.Equal(full, await _cases.ReadAsync(contact.CaseId));
    }

    [Fact]
    public async Task ReferralsAndFollowUpsBeyondTheirCapsAreRefusedNamingTheCap()
    {
        var contact = await _cases.InProgressAsync();
        var referral = await Refer(contact.CaseId);
        await Refer(contact.CaseId);
        var refusedReferral = await Assert.ThrowsAsync<RpcException>(() => Refer(contact.CaseId));

        await FollowUp(contact.CaseId, referral.ReferralId);
        await FollowUp(contact.CaseId, referral.ReferralId);
        var full = await _cases.ReadAsync(contact.CaseId);
        var refusedFollowUp = await Assert.ThrowsAsync<RpcException>(() => FollowUp(contact.CaseId, referral.ReferralId));

        Assert.Equal((StatusCode.ResourceExhausted, "case_id: a case holds at most 2 referrals; this one is full"), (refusedReferral.StatusCode, refusedReferral.Status.Detail));
        Assert.Equal((StatusCode.ResourceExhausted, "case_id: a case holds at most 2 follow-ups; this one is full"), (refusedFollowUp.StatusCode, refusedFollowUp.Status.Detail));
        Assert.Equal(full, await _cases.ReadAsync(contact.CaseId));
        Assert.Equal(2, full.Referrals.Count);
        Assert.Equal(2, full.FollowUps.Count);
    }

    [Fact]
    public async Task ACaseWithTheMostEventsRefusesMoreWorkButCanBeClosedAndNotReopened()
    {
        // In progress: two events of its own (started, the note); each change of consent adds two.
        var contact = await _cases.InProgressAsync();
        for (var i = 0; i < 5; i++)
        {
            await _cases.ConsentAsync(contact.CaseId, share: i % 2 == 0, contactBack: false);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => _cases.ConsentAsync(contact.CaseId, share: false, contactBack: false));
        Assert.Equal((StatusCode.ResourceExhausted, "case_id: a case holds at most 12 events of its own; this one is full"), (refused.StatusCode, refused.Status.Detail));

        await _cases.CompleteAsync(contact);
        var closed = await _cases.AsOwner.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId });
        Assert.Equal(CaseStatus.Closed, closed.Status);

        var reopen = await Assert.ThrowsAsync<RpcException>(() => _host.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = contact.CaseId }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, reopen.StatusCode);
        Assert.Equal(CaseStatus.Closed, (await _cases.ReadAsync(contact.CaseId)).Status);
    }

    private Task<CaseNote> Note(string caseId) =>
        _cases.AsOwner.Cases.AddNoteAsync(new AddNoteRequest { CaseId = caseId, Text = "Called back; nothing new" }).ResponseAsync;

    private Task<Referral> Refer(string caseId) =>
        _cases.AsOwner.Cases.ReferAsync(new ReferRequest { CaseId = caseId, Service = ServiceType.Shelter, OrganisationId = "vac" }).ResponseAsync;

    private Task<FollowUp> FollowUp(string caseId, string referralId) =>
        _cases.AsOwner.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
        {
            CaseId = caseId, Kind = FollowUpKind.CheckReferral, ReferralId = referralId, DueAt = _cases.In(TimeSpan.FromDays(3)),
        }).ResponseAsync;
}
