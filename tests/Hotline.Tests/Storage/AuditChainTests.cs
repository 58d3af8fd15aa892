using Hotline.Api.V1;
using Hotline.Audit;
using Hotline.Hosting;
using Hotline.Storage;
using Hotline.Tests.Cluster;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using Microsoft.Data.Sqlite;

namespace Hotline.Tests.Storage;

/// <summary>
/// The audit's hash chains on the embedded file: what the hotline writes verifies, and an edit
/// made with the file in hand (triggers dropped, as an attacker with the file would) is found at
/// its line, or at the next one when the edited line's own hash was recomputed.
/// </summary>
public sealed class AuditChainTests : HostedTest
{
    [Fact]
    public async Task WhatTheHotlineWritesVerifiesAndTheCommandSaysSo()
    {
        var caseId = await WorkACaseAsync();

        var run = await VerifyCommandAsync();
        Assert.True(run.Exit == 0, run.Output + run.Error);
        Assert.Contains("The audit verifies", run.Output, StringComparison.Ordinal);

        var one = await VerifyCommandAsync("--case", caseId);
        Assert.True(one.Exit == 0, one.Output + one.Error);
        Assert.Contains($"Head of case {caseId}: link ", one.Output, StringComparison.Ordinal);

        var verified = await VerifyAsync(AuditChain.OfCase(Guid.Parse(caseId)));
        Assert.True(verified.Intact);
        Assert.True(verified.Lines >= 5, $"{verified.Lines} lines");
    }

    [Fact]
    public async Task AnEditedLineIsTheFirstBrokenLinkTheCommandReports()
    {
        var caseId = await WorkACaseAsync();
        var (seq, link) = await LineAsync(caseId, "case_read");

        await EditAsync($"UPDATE HotlineAudit SET Actor = 'someone-else' WHERE Seq = {seq}");

        var broken = Assert.Single((await VerifyAsync(null)).Breaks);
        Assert.Equal((AuditChain.OfCase(Guid.Parse(caseId)), link, seq), (broken.Chain, broken.Link, broken.Seq));
        var run = await VerifyCommandAsync();
        Assert.Equal(1, run.Exit);
        Assert.Contains($"BROKEN case {caseId} (service ", run.Output, StringComparison.Ordinal);
        Assert.Contains($"link {link} (seq {seq}): its hash does not match", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await VerifyCommandAsync("--case", caseId)).Exit);
    }

    [Fact]
    public async Task ALineRewrittenWithItsOwnHashRecomputedBreaksTheChainAtTheNextLine()
    {
        var caseId = await WorkACaseAsync();
        var (seq, link) = await LineAsync(caseId, "case_read");
        var line = (await LinesAsync(AuditChain.OfCase(Guid.Parse(caseId)))).ToDictionary(l => l.Link);
        var forged = line[link] with { Actor = "someone-else" };
        var hash = AuditChain.Expected(line[link - 1].Hash, forged);

        await EditAsync($"UPDATE HotlineAudit SET Actor = 'someone-else', Hash = '{hash}' WHERE Seq = {seq}");

        var broken = Assert.Single((await VerifyAsync(null)).Breaks);
        Assert.Equal((link + 1, line[link + 1].Seq), (broken.Link, broken.Seq));
    }

    [Fact]
    public async Task ATailRewrittenConsistentlyVerifiesOnItsOwnButNotAgainstAHeadKeptElsewhere()
    {
        var caseId = await WorkACaseAsync();
        var first = await VerifyCommandAsync("--case", caseId);
        var anchor = System.Text.RegularExpressions.Regex.Match(first.Output, @"\(anchor (\d+:[0-9a-f]{64})\)").Groups[1].Value;
        Assert.NotEmpty(anchor);
        await Host.As(People.SupervisorIn).Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });
        Assert.Equal(0, (await VerifyCommandAsync("--case", caseId, "--anchor", anchor)).Exit);

        // Every line from the one read onwards rewritten, each hash recomputed after the one before.
        var lines = await LinesAsync(AuditChain.OfCase(Guid.Parse(caseId)));
        var from = lines.FindIndex(l => l.Action == "case_read");
        var edits = new List<string>();
        var previous = lines[from - 1].Hash;
        foreach (var line in lines.Skip(from))
        {
            var forged = line with { Actor = line.Action == "case_read" ? "someone-else" : line.Actor };
            previous = AuditChain.Expected(previous, forged);
            edits.Add($"UPDATE HotlineAudit SET Actor = '{forged.Actor}', Hash = '{previous}' WHERE Seq = {line.Seq}");
        }

        await EditAsync(string.Join(";", edits));

        Assert.Equal(0, (await VerifyCommandAsync("--case", caseId)).Exit);
        var anchored = await VerifyCommandAsync("--case", caseId, "--anchor", anchor);
        Assert.Equal(1, anchored.Exit);
        Assert.Contains("no longer carries the anchored hash", anchored.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnchorThatIsNotAHeadOrHasNoChainIsRefusedAsUsage()
    {
        var malformed = await VerifyCommandAsync("--case", Guid.NewGuid().ToString(), "--anchor", "3:not-a-hash");
        var chainless = await VerifyCommandAsync("--anchor", $"3:{new string('a', 64)}");
        var both = await VerifyCommandAsync("--case", Guid.NewGuid().ToString(), "--region", "baku");

        Assert.Equal((2, 2, 2), (malformed.Exit, chainless.Exit, both.Exit));
        Assert.Contains("--anchor must be a link number, a colon and a 64-digit hex hash", malformed.Error, StringComparison.Ordinal);
        Assert.Contains("--anchor needs the chain it belongs to", chainless.Error, StringComparison.Ordinal);
        Assert.Contains("--case and --region name one chain each", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARemovedLineIsFoundAtTheLineAfterIt()
    {
        var caseId = await WorkACaseAsync();
        var (seq, link) = await LineAsync(caseId, "case_read");

        await EditAsync($"DELETE FROM HotlineAudit WHERE Seq = {seq}", "HotlineAuditNoDelete");

        var broken = Assert.Single((await VerifyAsync(null)).Breaks);
        Assert.Equal(link + 1, broken.Link);
        Assert.Contains("is missing", broken.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListingCasesAuditsEachCaseListedUnderTheListersRole()
    {
        var first = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var second = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var supervisor = Host.As(People.SupervisorIn);

        var listed = await supervisor.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 10 });
        Assert.Equal(new[] { first.CaseId, second.CaseId }.Order(), listed.Cases.Select(c => c.CaseId).Order());
        await Host.As(People.OperatorIn).Cases.ListCasesAsync(new ListCasesRequest { PageSize = 10 });

        foreach (var caseId in new[] { first.CaseId, second.CaseId })
        {
            var audit = await supervisor.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = caseId });
            Assert.Equal<(string, string, string)>(
                [("op-in", "operator", "case_opened"), ("sup-in", "supervisor", "case_listed"), ("op-in", "operator", "case_listed"), ("sup-in", "supervisor", "audit_read")],
                audit.Records.Select(r => (r.Actor, r.Role, r.Action)));
        }

        Assert.True((await VerifyAsync(null)).Intact);
    }

    [Fact]
    public async Task EveryPresenceChangeIsOnTheRegionsStaffChainIncludingTheAwayAfterAMissedOffer()
    {
        var aysel = Host.As(HotlineHost.ResponderClaims("aysel"));
        await Host.Responders.UpsertResponderAsync(Requests.Responder("aysel", People.Region));
        await aysel.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Break });
        await aysel.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        await using (var desk = await ResponderSession.ConnectAsync(aysel.Responders, "aysel"))
        {
            var contact = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
            await desk.NextOfferAsync(contact.ContactId);
            Host.Clock.Advance(TimeSpan.FromSeconds(31));
            await desk.NextAsync(e => e.PresenceChanged == Presence.Away, "presence set to away after the missed offer");
        }

        await Host.As(People.SupervisorIn).Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = "aysel", Presence = Presence.Offline });

        var lines = await LinesAsync(AuditChain.OfRegion(People.Region));
        Assert.Equal<(string?, string, string, string, long)>(
            [
                ("aysel", "aysel", "responder", "presence_break", 1),
                ("aysel", "aysel", "responder", "presence_available", 2),
                ("aysel", "hotline", "system", "presence_away_missed_offer", 3),
                ("aysel", "sup-in", "supervisor", "presence_offline", 4),
            ],
            lines.Select(l => (l.ResponderId, l.Actor, l.Role, l.Action, l.Link)));
        Assert.All(lines, l => Assert.Null(l.CaseId));
        Assert.True((await VerifyAsync(AuditChain.OfRegion(People.Region))).Intact);
        Assert.Equal(0, (await VerifyCommandAsync("--region", People.Region)).Exit);
    }

    /// <summary>A contact opened, accepted, read and completed: returns its case id.</summary>
    private async Task<string> WorkACaseAsync()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("aysel", People.Region));
        var aysel = Host.As(HotlineHost.ResponderClaims("aysel"));
        var contact = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await aysel.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });
        await aysel.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        await aysel.Cases.AddNoteAsync(new AddNoteRequest { CaseId = contact.CaseId, Text = "called back" });
        await aysel.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });
        return contact.CaseId;
    }

    private async Task<(long Seq, long Link)> LineAsync(string caseId, string action)
    {
        var line = (await LinesAsync(AuditChain.OfCase(Guid.Parse(caseId)))).First(l => l.Action == action);
        return (line.Seq, line.Link);
    }

    /// <summary>As someone with the file in hand: a plain connection, the guarding trigger dropped first.</summary>
    private async Task EditAsync(string sql, string trigger = "HotlineAuditNoUpdate")
    {
        await using var db = new SqliteConnection($"Data Source={Host.DatabaseFile};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = $"DROP TRIGGER {trigger}; {sql};";
        await command.ExecuteNonQueryAsync();
    }

    private HotlineSqliteDataSource Database() => new(SqliteStore.ConnectionString(Host.DataDirectory), SqliteSync.Normal);

    private Task<AuditVerification> VerifyAsync(string? chain) => AuditChain.VerifyAsync(SqliteAuditLog.LinesAsync(Database(), chain));

    private async Task<List<AuditLine>> LinesAsync(string chain)
    {
        var lines = new List<AuditLine>();
        await foreach (var line in SqliteAuditLog.LinesAsync(Database(), chain))
        {
            lines.Add(line);
        }

        return lines;
    }

    private Task<(int Exit, string Output, string Error)> VerifyCommandAsync(params string[] args) =>
        SiloCommandLineTests.RunSiloAsync(["audit", "verify", .. args, $"--Hotline:Storage:DataDirectory={Host.DataDirectory}"]);
}
