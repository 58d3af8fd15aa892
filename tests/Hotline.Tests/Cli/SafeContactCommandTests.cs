using System.Text.RegularExpressions;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;

namespace Hotline.Tests.Cli;

/// <summary>
/// The rules of reaching a person back safely from the command line: the safe window, no message
/// and the code word on <c>case consent</c> and in <c>case show</c>; a contact ended as not safe and
/// <c>case clear-not-safe</c>; a contact had outside the system, recorded with <c>responder record-offline</c>.
/// </summary>
public sealed class SafeContactCommandTests : HostedTest
{
    private const string CodeWord = "pomegranate";
    private static readonly TokenClaims Operator = new("desk-1", ["operator"], [People.Region]);
    private static readonly TokenClaims Owner = HotlineHost.ResponderClaims("shirvan-1");

    [Fact]
    public async Task ConsentSetsTheSafeContactRulesAndCaseShowShowsThemWithTheCodeWordOnlyAsSet()
    {
        var (caseId, _) = await ConnectedCaseAsync();

        var consent = await CliRun.RunAsync(Host, Owner, "case", "consent", caseId, "--contact-back", "yes", "--safe-channel", "sms",
            "--safe-window", "Mon-Fri 10:00-17:00", "--no-message", "yes", "--code-word", CodeWord);

        Assert.True(consent.ExitCode == 0, consent.Error);
        Assert.DoesNotContain(CodeWord, consent.Output, StringComparison.Ordinal);
        var consents = (await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId })).Facts.Consents;
        Assert.Equal((true, Channel.Sms, true, true), (consents.ContactBack, consents.SafeChannel, consents.NoMessage, consents.CodeWordSet));
        Assert.Equal([Weekday.Monday, Weekday.Tuesday, Weekday.Wednesday, Weekday.Thursday, Weekday.Friday], consents.SafeWindow.Days);
        Assert.Equal(("10:00", "17:00"), (consents.SafeWindow.Opens, consents.SafeWindow.Closes));

        var shown = await CliRun.RunAsync(Host, Owner, "case", "show", caseId);
        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Matches(new Regex(@"safe window\s+Mon-Fri 10:00-17:00"), shown.Output);
        Assert.Matches(new Regex(@"safe channel\s+sms"), shown.Output);
        Assert.Matches(new Regex(@"no message\s+yes: leave no message"), shown.Output);
        Assert.Matches(new Regex(@"code word\s+set"), shown.Output);
        Assert.DoesNotContain(CodeWord, shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("caller not safe", shown.Output, StringComparison.Ordinal);

        // Another consent keeps the code word it cannot read back, and the window it does not name.
        var sharing = await CliRun.RunAsync(Host, Owner, "case", "consent", caseId, "--share-with-partners", "yes", "--json");
        Assert.True(sharing.ExitCode == 0, sharing.Error);
        var kept = Case.Parser.ParseJson(Assert.Single(sharing.JsonLines)).Facts.Consents;
        Assert.Equal((true, true, "10:00", true), (kept.ShareWithPartners, kept.CodeWordSet, kept.SafeWindow?.Opens, kept.NoMessage));

        var overnight = await CliRun.RunAsync(Host, Owner, "case", "consent", caseId, "--safe-window", "22:00-02:00", "--no-message", "no");
        Assert.True(overnight.ExitCode == 0, overnight.Error);
        Assert.Matches(new Regex(@"safe window\s+Daily 22:00-02:00"), overnight.Output);
        Assert.DoesNotContain("no message", overnight.Output, StringComparison.Ordinal);

        var withdrawn = await CliRun.RunAsync(Host, Owner, "case", "consent", caseId, "--safe-window", "none", "--clear-code-word", "--json");
        Assert.True(withdrawn.ExitCode == 0, withdrawn.Error);
        var cleared = Case.Parser.ParseJson(Assert.Single(withdrawn.JsonLines)).Facts.Consents;
        Assert.Null(cleared.SafeWindow);
        Assert.Equal((false, Channel.Sms), (cleared.CodeWordSet, cleared.SafeChannel));
        var after = await CliRun.RunAsync(Host, Owner, "case", "show", caseId);
        Assert.DoesNotContain("code word", after.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("safe window", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSafeWindowOrCodeWordIsRefusedNamingTheOptionAndChangesNothing()
    {
        var (caseId, _) = await ConnectedCaseAsync();
        var before = await Host.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = caseId });

        foreach (var (args, option) in new (string[] Args, string Option)[]
        {
            (["--safe-window", "Tue-Thu 10:00"], "--safe-window must read like"),
            (["--safe-window", "Someday 10:00-17:00"], "--safe-window: days are Mon"),
            (["--safe-window", "09:00-09:00"], "--safe-window: the closing time must differ"),
            (["--safe-window", "10:00-25:00"], "--safe-window: the closing time must be HH:MM"),
            (["--code-word", CodeWord, "--clear-code-word"], "--code-word or --clear-code-word, not both"),
            (["--code-word", "   "], "--code-word must not be blank"),
        })
        {
            var refused = await CliRun.RunAsync(Host, Owner, ["case", "consent", caseId, .. args]);
            Assert.True(refused.ExitCode == 2, $"{string.Join(' ', args)}: {refused.ExitCode} {refused.Error}");
            Assert.Contains(option, refused.Error, StringComparison.Ordinal);
            if (args[1].Trim().Length > 0)
            {
                Assert.DoesNotContain(args[1], refused.Error, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before.Events.Count, (await Host.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = caseId })).Events.Count);
        Assert.Null((await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId })).Facts.Consents.SafeWindow);
    }

    [Fact]
    public async Task AContactEndedAsNotSafeShowsOnTheCaseUntilItsOwnerClearsIt()
    {
        var (caseId, contactId) = await ConnectedCaseAsync();

        var ended = await CliRun.RunAsync(Host, Operator, "contact", "end", contactId, "--not-safe");

        Assert.True(ended.ExitCode == 0, ended.Error);
        Assert.Contains("completed", ended.Output, StringComparison.Ordinal);
        var marked = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });
        Assert.NotNull(marked.CallerNotSafeSince);
        var shown = await CliRun.RunAsync(Host, Owner, "case", "show", caseId);
        Assert.Matches(new Regex(@"caller not safe since\s+2026-\d\d-\d\d \d\d:\d\d:\d\dZ"), shown.Output);

        var cleared = await CliRun.RunAsync(Host, Owner, "case", "clear-not-safe", caseId);

        Assert.True(cleared.ExitCode == 0, cleared.Error);
        Assert.DoesNotContain("caller not safe", cleared.Output, StringComparison.Ordinal);
        var file = await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });
        Assert.Null(file.CallerNotSafeSince);
        Assert.Contains(file.History, e => (e.Kind, e.Actor) == ("not_safe_cleared", "shirvan-1"));
        var again = await CliRun.RunAsync(Host, Owner, "case", "clear-not-safe", caseId, "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Null(Case.Parser.ParseJson(Assert.Single(again.JsonLines)).CallerNotSafeSince);
    }

    [Fact]
    public async Task AResponderCompletingAsNotSafeMarksTheCaseAndASupervisorOfItsRegionClearsIt()
    {
        var (caseId, contactId) = await ConnectedCaseAsync();

        var completed = await CliRun.RunAsync(Host, Owner, "responder", "complete", "shirvan-1", contactId, "--not-safe");

        Assert.True(completed.ExitCode == 0, completed.Error);
        Assert.Contains("the caller was not safe", completed.Output, StringComparison.Ordinal);
        Assert.Empty((await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "shirvan-1" })).Assignments);
        Assert.Contains((await Host.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = caseId })).Events,
            e => (e.Kind, e.Actor, e.ContactId) == ("caller_not_safe", "shirvan-1", contactId));

        var cleared = await CliRun.RunAsync(Host, People.SupervisorIn, "case", "clear-not-safe", caseId);
        Assert.True(cleared.ExitCode == 0, cleared.Error);
        Assert.Null((await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId })).CallerNotSafeSince);
    }

    [Fact]
    public async Task AResponderRecordsAWalkInAfterwardsAndARetryWithTheSameRequestIdRecordsNothing()
    {
        await Host.Responders.UpsertResponderAsync(Requests.Responder("leyla", People.Region, voice: 5));
        var leyla = HotlineHost.ResponderClaims("leyla");
        var now = Host.Clock.GetUtcNow();
        string[] walkIn = ["responder", "record-offline", "leyla", "--started-at", "-3h", "--ended-at", "-2h", "--location", "AZ-ISM",
            "--language", "az", "--summary", "Came to the shelter after leaving the employer", "--request-id", "walk-in-7", "--json"];

        var recorded = await CliRun.RunAsync(Host, leyla, walkIn);

        Assert.True(recorded.ExitCode == 0, recorded.Error);
        var contact = Contact.Parser.ParseJson(Assert.Single(recorded.JsonLines));
        Assert.Equal((ContactStatus.Completed, "leyla", Channel.WalkIn), (contact.Status, contact.ResponderId, contact.Channel));
        Assert.Equal((now.AddHours(-3), now.AddHours(-2)), (contact.ReceivedAt.ToDateTimeOffset(), contact.EndedAt.ToDateTimeOffset()));
        Assert.Equal("leyla", (await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).OwnerResponderId);

        var writes = Host.Storage.Writes;
        var replay = await CliRun.RunAsync(Host, leyla, walkIn);
        Assert.True(replay.ExitCode == 0, replay.Error);
        Assert.Equal(contact, Contact.Parser.ParseJson(Assert.Single(replay.JsonLines)));
        Assert.Equal(writes, Host.Storage.Writes);

        // A later visit joins the case; one that ends before it starts is refused by the hotline, one still to come by the client.
        var visit = await CliRun.RunAsync(Host, leyla, "responder", "record-offline", "leyla", "--started-at", "-50m", "--ended-at", "-20m",
            "--location", "AZ-ISM", "--language", "az", "--case", contact.CaseId, "--json");
        Assert.True(visit.ExitCode == 0, visit.Error);
        Assert.Equal(contact.CaseId, Contact.Parser.ParseJson(Assert.Single(visit.JsonLines)).CaseId);
        var backwards = await CliRun.RunAsync(Host, leyla, "responder", "record-offline", "leyla", "--started-at", "-1h", "--ended-at", "-2h",
            "--location", "AZ-ISM", "--language", "az");
        Assert.Equal(3, backwards.ExitCode);
        Assert.Contains("ended_at:", backwards.Error, StringComparison.Ordinal);
        var future = await CliRun.RunAsync(Host, leyla, "responder", "record-offline", "leyla", "--started-at", "-1h", "--ended-at", "+1h",
            "--location", "AZ-ISM", "--language", "az");
        Assert.Equal(2, future.ExitCode);
        Assert.Contains("--ended-at names a time still to come", future.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).ContactIds.Count);
    }

    private async Task<(string CaseId, string ContactId)> ConnectedCaseAsync()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", People.Region));
        var contact = await Host.As(Operator).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        return (contact.CaseId, contact.ContactId);
    }
}
