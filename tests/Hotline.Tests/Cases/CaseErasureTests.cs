using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;

namespace Hotline.Tests.Cases;

/// <summary>Erasing a case forgets the free text of its file too (notes, safe hours, override reasons, follow-up notes); a case still being worked is not erased.</summary>
public sealed class CaseErasureTests
{
    [Fact]
    public async Task ErasingAClosedCaseForgetsItsNotesAndKeepsItsFigures()
    {
        await using var host = await HotlineHost.StartAsync();
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(host, leyla);
        var contact = await cases.InProgressAsync();
        await cases.ConsentAsync(contact.CaseId, share: false, contactBack: true);
        await host.As(People.SupervisorIn).Cases.ReferAsync(new ReferRequest { CaseId = contact.CaseId, Service = ServiceType.LegalAid, OrganisationId = "bar-legal-aid", OverrideReason = "urgent" });
        await host.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = contact.CaseId, RiskLevel = RiskLevel.High, ExploitationType = ExploitationType.ForcedLabour });
        await cases.CompleteAsync(contact);
        var admin = host.As(People.Admin);

        var inProgress = await Assert.ThrowsAsync<RpcException>(() => admin.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = contact.CaseId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, inProgress.StatusCode);
        Assert.StartsWith("case_id: the case is referred;", inProgress.Status.Detail, StringComparison.Ordinal);

        await host.Cases.CloseAsync(new CloseCaseRequest { CaseId = contact.CaseId });
        await admin.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = contact.CaseId });

        var file = await cases.ReadAsync(contact.CaseId);
        Assert.Equal("", file.Notes.Single().Text);
        Assert.Equal("", file.Referrals.Single().ConsentOverrideReason);
        Assert.Equal("", file.Facts.Consents.SafeHours);
        Assert.Equal((RiskLevel.High, ExploitationType.ForcedLabour, ServiceType.LegalAid), (file.Facts.RiskLevel, file.Facts.ExploitationType, file.Referrals.Single().Service));
        Assert.NotNull(file.ErasedAt);
        var audit = await admin.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Contains(audit.Records, r => (r.Action, r.Actor, r.Role) == ("case_erased", "admin-1", "admin"));

        // An erased case stays closed: new notes on it would never be erased again.
        var reopen = await Assert.ThrowsAsync<RpcException>(() => host.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = contact.CaseId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, reopen.StatusCode);
    }
}
