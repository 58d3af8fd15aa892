using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;

namespace Hotline.Tests.Cases;

/// <summary>
/// Referrals to partner organisations: an outside one needs the person's consent to share,
/// which only a supervisor may override, with a reason that is recorded.
/// </summary>
public sealed class ReferralTests : IAsyncLifetime
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

    private static ReferRequest LegalAid(string caseId, string overrideReason = "") =>
        new() { CaseId = caseId, Service = ServiceType.LegalAid, OrganisationId = "bar-legal-aid", OverrideReason = overrideReason };

    [Fact]
    public async Task AReferralOutsideWithoutConsentIsRefusedAndChangesNothing()
    {
        var contact = await _cases.InProgressAsync();
        var before = await _cases.ReadAsync(contact.CaseId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => _cases.AsOwner.Cases.ReferAsync(LegalAid(contact.CaseId)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith("consents.share_with_partners:", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _cases.ReadAsync(contact.CaseId));
    }

    [Fact]
    public async Task WithConsentTheReferralIsMadeAndTheCaseIsReferred()
    {
        var contact = await _cases.InProgressAsync();
        await _cases.ConsentAsync(contact.CaseId, share: true, contactBack: false);

        var referral = await _cases.AsOwner.Cases.ReferAsync(LegalAid(contact.CaseId));

        Assert.Equal((ReferralStatus.Requested, "bar-legal-aid", ServiceType.LegalAid, "leyla"), (referral.Status, referral.OrganisationId, referral.Service, referral.RequestedBy));
        Assert.Equal("", referral.ConsentOverrideReason);
        var file = await _cases.ReadAsync(contact.CaseId);
        Assert.Equal(CaseStatus.Referred, file.Status);
        Assert.Equal(referral, Assert.Single(file.Referrals));
        Assert.Contains(file.History, e => (e.Kind, e.ConcernsId, e.Detail) == ("referral_requested", referral.ReferralId, "legal_aid"));
        Assert.Contains(file.History, e => (e.Kind, e.Detail) == ("consent_changed", "share_with_partners=yes,contact_back=no"));
    }

    [Fact]
    public async Task AnInHousePartnerNeedsNoConsentToShare()
    {
        var contact = await _cases.InProgressAsync();

        var referral = await _cases.AsOwner.Cases.ReferAsync(new ReferRequest { CaseId = contact.CaseId, Service = ServiceType.Psychosocial, OrganisationId = "vac" });

        Assert.Equal(ReferralStatus.Requested, referral.Status);
    }

    [Fact]
    public async Task OnlyASupervisorOverridesMissingConsentAndTheReasonIsRecorded()
    {
        var contact = await _cases.InProgressAsync();
        var before = await _cases.ReadAsync(contact.CaseId);
        const string reason = "Imminent danger; police must act tonight";

        var notSupervisor = await Assert.ThrowsAsync<RpcException>(() => _cases.AsOwner.Cases.ReferAsync(LegalAid(contact.CaseId, reason)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notSupervisor.StatusCode);
        Assert.Contains("override_reason", notSupervisor.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _cases.ReadAsync(contact.CaseId));

        var referral = await _host.As(People.SupervisorIn).Cases.ReferAsync(LegalAid(contact.CaseId, reason));

        Assert.Equal((reason, "sup-in"), (referral.ConsentOverrideReason, referral.ConsentOverriddenBy));
        var file = await _cases.ReadAsync(contact.CaseId);
        Assert.Contains(file.History, e => (e.Kind, e.Actor, e.ConcernsId) == ("consent_overridden", "sup-in", referral.ReferralId));
        Assert.DoesNotContain(file.History, e => e.Detail.Contains("police", StringComparison.Ordinal));
        var audit = await _host.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => (r.Action, r.Actor, r.Role) == ("consent_overridden", "sup-in", "supervisor"));
    }

    [Fact]
    public async Task SupervisingAnotherRegionGivesTheCasesOwnerNoOverride()
    {
        var contact = await _cases.InProgressAsync();
        var ownerAndBakuSupervisor = new Hotline.Gateway.Security.TokenClaims("leyla", ["responder", "supervisor"], ["baku"], "leyla");

        var refused = await Assert.ThrowsAsync<RpcException>(() => _host.As(ownerAndBakuSupervisor).Cases.ReferAsync(LegalAid(contact.CaseId, "because")).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("override_reason", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _cases.ReadAsync(contact.CaseId)).Referrals);
    }

    [Fact]
    public async Task AReferralMovesFromRequestedToAcceptedToCompletedAndNoOtherWay()
    {
        var contact = await _cases.ReferredAsync();
        var referralId = (await _cases.ReadAsync(contact.CaseId)).Referrals.Single().ReferralId;
        Task<Referral> Update(ReferralStatus status) =>
            _cases.AsOwner.Cases.UpdateReferralAsync(new UpdateReferralRequest { CaseId = contact.CaseId, ReferralId = referralId, Status = status }).ResponseAsync;

        var early = await Assert.ThrowsAsync<RpcException>(() => Update(ReferralStatus.Completed));
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.StartsWith("referral_id: the referral is requested;", early.Status.Detail, StringComparison.Ordinal);

        Assert.Equal(ReferralStatus.Accepted, (await Update(ReferralStatus.Accepted)).Status);
        var declineAccepted = await Assert.ThrowsAsync<RpcException>(() => Update(ReferralStatus.Declined));
        Assert.Equal(StatusCode.FailedPrecondition, declineAccepted.StatusCode);
        Assert.Equal(ReferralStatus.Completed, (await Update(ReferralStatus.Completed)).Status);
        var again = await Assert.ThrowsAsync<RpcException>(() => Update(ReferralStatus.Accepted));
        Assert.StartsWith("referral_id: the referral is completed;", again.Status.Detail, StringComparison.Ordinal);

        var history = (await _cases.ReadAsync(contact.CaseId)).History.Where(e => e.Kind == "referral_updated").Select(e => e.Detail);
        Assert.Equal(["accepted", "completed"], history);
    }

    [Fact]
    public async Task ThePartnerDirectoryListsByRegionAndServiceAndMarksItsExamples()
    {
        var shirvanMedical = await _host.Cases.ListPartnersAsync(new ListPartnersRequest { Region = "mountainous-shirvan", Service = ServiceType.Medical });
        Assert.Empty(shirvanMedical.Partners);

        var lankaranMedical = await _host.Cases.ListPartnersAsync(new ListPartnersRequest { Region = "lankaran-astara", Service = ServiceType.Medical });
        var clinic = Assert.Single(lankaranMedical.Partners);
        Assert.True(clinic.Example);
        Assert.StartsWith("Example", clinic.Name, StringComparison.Ordinal);

        var all = await _host.Cases.ListPartnersAsync(new ListPartnersRequest());
        Assert.All(all.Partners.Where(p => p.Example), p => Assert.StartsWith("Example", p.Name, StringComparison.Ordinal));
        Assert.Contains(all.Partners, p => p.OrganisationId == "vac" && !p.Outside && !p.Example);
    }
}
