using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;

namespace Hotline.Tests.Cli;

/// <summary>
/// A case worked from the command line alone, as the README walks through it: facts, consent, the
/// partner directory, a referral outside the hotline, a call-back, the audit, close and reopen.
/// </summary>
public sealed class CaseWorkCommandTests : HostedTest
{
    private static readonly TimeZoneInfo Baku = TimeZoneInfo.FindSystemTimeZoneById("Asia/Baku");

    [Fact]
    public async Task AReferralOutsideAndACallBackNeedOnlyTheCommandLineOnceThePersonConsents()
    {
        var caseId = await ConnectedCaseAsync();
        var owner = HotlineHost.ResponderClaims("shirvan-1");

        var partners = await CliRun.RunAsync(Host, owner, "partners", "--region", People.Region, "--service", "legal-aid");
        Assert.True(partners.ExitCode == 0, partners.Error);
        Assert.Contains("bar-legal-aid", partners.Output, StringComparison.Ordinal);
        Assert.Contains("needs consent to share", partners.Output, StringComparison.Ordinal);

        var refused = await CliRun.RunAsync(Host, owner, "case", "refer", caseId, "--service", "legal-aid", "--organisation", "bar-legal-aid");
        Assert.Equal(6, refused.ExitCode);
        var callBackRefused = await CliRun.RunAsync(Host, owner, "case", "follow-up", caseId, "--kind", "call-back", "--at", "+2d");
        Assert.Equal(6, callBackRefused.ExitCode);

        var facts = await CliRun.RunAsync(Host, owner, "case", "facts", caseId, "--exploitation", "forced-labour", "--risk", "high", "--json");
        Assert.True(facts.ExitCode == 0, facts.Error);
        var recorded = Case.Parser.ParseJson(Assert.Single(facts.JsonLines)).Facts;
        Assert.Equal((ExploitationType.ForcedLabour, RiskLevel.High, VictimStatus.Unspecified), (recorded.ExploitationType, recorded.RiskLevel, recorded.VictimStatus));

        var consent = await CliRun.RunAsync(Host, owner, "case", "consent", caseId, "--share-with-partners", "yes", "--contact-back", "yes",
            "--safe-channel", "sms", "--safe-hours", "Weekdays after 18:00");
        Assert.True(consent.ExitCode == 0, consent.Error);
        var hoursOnly = await CliRun.RunAsync(Host, owner, "case", "consent", caseId, "--safe-hours", "Evenings only", "--json");
        var consents = Case.Parser.ParseJson(Assert.Single(hoursOnly.JsonLines)).Facts.Consents;
        Assert.Equal((true, true, Channel.Sms, "Evenings only"), (consents.ShareWithPartners, consents.ContactBack, consents.SafeChannel, consents.SafeHours));
        var stillForcedLabour = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });
        Assert.Equal(ExploitationType.ForcedLabour, stillForcedLabour.Facts.ExploitationType);

        var refer = await CliRun.RunAsync(Host, owner, "case", "refer", caseId, "--service", "legal-aid", "--organisation", "bar-legal-aid", "--json");
        Assert.True(refer.ExitCode == 0, refer.Error);
        Assert.Equal(("bar-legal-aid", ServiceType.LegalAid), (Referral.Parser.ParseJson(Assert.Single(refer.JsonLines)) is var r ? (r.OrganisationId, r.Service) : default));

        var callBack = await CliRun.RunAsync(Host, owner, "case", "follow-up", caseId, "--kind", "call-back", "--at", "tomorrow 10:00", "--json");
        Assert.True(callBack.ExitCode == 0, callBack.Error);
        var due = FollowUp.Parser.ParseJson(Assert.Single(callBack.JsonLines)).DueAt.ToDateTimeOffset();
        var tomorrowInBaku = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Host.Clock.GetUtcNow(), Baku).DateTime).AddDays(1);
        Assert.Equal(new DateTimeOffset(tomorrowInBaku.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(4)), due);

        var audit = await CliRun.RunAsync(Host, People.SupervisorIn, "case", "audit", caseId);
        Assert.True(audit.ExitCode == 0, audit.Error);
        foreach (var action in new[] { "facts_updated", "referral_requested", "follow_up_scheduled", "case_read" })
        {
            Assert.Contains(action, audit.Output, StringComparison.Ordinal);
        }

        var ownerMayNotReadTheAudit = await CliRun.RunAsync(Host, owner, "case", "audit", caseId);
        Assert.Equal(5, ownerMayNotReadTheAudit.ExitCode);
    }

    [Fact]
    public async Task ClosingAndReopeningACaseFromTheCommandLine()
    {
        var caseId = await ConnectedCaseAsync();
        await Host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = (await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId })).ContactIds[0] });
        var owner = HotlineHost.ResponderClaims("shirvan-1");

        var assigned = await CliRun.RunAsync(Host, owner, "case", "close", caseId);
        Assert.Equal(6, assigned.ExitCode);
        Assert.Contains("only a case in progress or referred can be closed", assigned.Error, StringComparison.Ordinal);
        await CliRun.RunAsync(Host, owner, "case", "note", caseId, "--text", "Placed at the shelter; no further contact wanted");

        var closed = await CliRun.RunAsync(Host, owner, "case", "close", caseId, "--json");
        Assert.True(closed.ExitCode == 0, closed.Error);
        Assert.Equal(CaseStatus.Closed, Case.Parser.ParseJson(Assert.Single(closed.JsonLines)).Status);
        var closedAgain = await CliRun.RunAsync(Host, owner, "case", "close", caseId);
        Assert.Equal(6, closedAgain.ExitCode);

        var reopened = await CliRun.RunAsync(Host, People.SupervisorIn, "case", "reopen", caseId);
        Assert.True(reopened.ExitCode == 0, reopened.Error);
        Assert.Contains("in-progress", reopened.Output, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.InProgress, (await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId })).Status);
    }

    [Fact]
    public async Task FactsAndConsentWithNothingNamedChangeNothing()
    {
        var caseId = await ConnectedCaseAsync();
        var owner = HotlineHost.ResponderClaims("shirvan-1");
        var before = await Host.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = caseId });

        var facts = await CliRun.RunAsync(Host, owner, "case", "facts", caseId);
        var consent = await CliRun.RunAsync(Host, owner, "case", "consent", caseId);
        var unknown = await CliRun.RunAsync(Host, owner, "case", "facts", caseId, "--exploitation", "pickpocketing");

        Assert.Equal((2, 2, 2), (facts.ExitCode, consent.ExitCode, unknown.ExitCode));
        Assert.Contains("--exploitation", facts.Error, StringComparison.Ordinal);
        Assert.Contains("--share-with-partners", consent.Error, StringComparison.Ordinal);
        Assert.Equal(before.Events.Count, (await Host.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = caseId })).Events.Count);
    }

    private async Task<string> ConnectedCaseAsync()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", People.Region));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        return contact.CaseId;
    }
}
