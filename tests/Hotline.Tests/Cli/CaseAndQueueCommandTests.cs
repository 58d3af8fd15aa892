using System.Globalization;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline case ...</c> and <c>hotline queues --once</c> against a real gateway.</summary>
public sealed class CaseAndQueueCommandTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";

    [Fact]
    public async Task WorkingACaseFromTheCommandLine()
    {
        var caseId = await ConnectedCaseAsync();
        var responder = HotlineHost.ResponderClaims("shirvan-1");

        var note = await CliRun.RunAsync(Host, responder, "case", "note", caseId, "--text", "Safe at a friend's flat tonight");
        Assert.True(note.ExitCode == 0, note.Error);
        Assert.StartsWith("Note ", note.Output.Trim(), StringComparison.Ordinal);

        var refer = await CliRun.RunAsync(Host, responder, "case", "refer", caseId, "--service", "shelter", "--organisation", "vac", "--json");
        Assert.Equal(ReferralStatus.Requested, Referral.Parser.ParseJson(Assert.Single(refer.JsonLines)).Status);

        var shown = await CliRun.RunAsync(Host, responder, "case", "show", caseId);
        Assert.Contains("Safe at a friend's flat tonight", shown.Output, StringComparison.Ordinal);
        Assert.Contains("referred", shown.Output, StringComparison.Ordinal);
        Assert.Contains("shelter", shown.Output, StringComparison.Ordinal);

        var history = await CliRun.RunAsync(Host, responder, "case", "history", caseId, "--json");
        var events = GetHistoryResponse.Parser.ParseJson(Assert.Single(history.JsonLines)).Events.Select(e => e.Kind).ToList();
        Assert.Contains("note_added", events);
        Assert.Contains("referral_requested", events);

        var noConsent = await CliRun.RunAsync(Host, responder, "case", "follow-up", caseId, "--kind", "call-back", "--at", "2026-11-26T10:00:00Z");
        Assert.Equal(6, noConsent.ExitCode);

        var list = await CliRun.RunAsync(Host, HotlineHost.Staff, "case", "list", "--region", Shirvan, "--status", "referred", "--json");
        var page = ListCasesResponse.Parser.ParseJson(Assert.Single(list.JsonLines));
        Assert.Equal([caseId], page.Cases.Select(c => c.CaseId));

        var badStatus = await CliRun.RunAsync(Host, HotlineHost.Staff, "case", "list", "--status", "lost");
        Assert.Equal(2, badStatus.ExitCode);
        Assert.Contains("'lost' is not one of", badStatus.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueuesOncePrintsEveryRegionWithTheFiguresTheServerReports()
    {
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await Host.Intake.OpenContactAsync(Requests.Contact("baku"));
        var server = await Host.Supervisor.GetQueueStatsAsync(new GetQueueStatsRequest());

        var plain = await CliRun.RunAsync(Host, HotlineHost.Staff, "queues", "--once");
        Assert.True(plain.ExitCode == 0, plain.Error);
        var topology = Host.Services.GetRequiredService<Hotline.Topology.RegionTopology>();
        var lines = plain.Output.Split('\n');
        foreach (var region in topology.Regions)
        {
            var row = Assert.Single(lines, l => Cells(l).FirstOrDefault() == region.Code);
            var expected = server.Regions.Single(r => r.Region == region.Code);
            Assert.Equal([expected.Waiting.ToString(CultureInfo.InvariantCulture), expected.WaitingImminentDanger.ToString(CultureInfo.InvariantCulture)], Cells(row).Skip(1).Take(2));
        }

        var national = Cells(Assert.Single(lines, l => Cells(l).FirstOrDefault() == "national"));
        Assert.Equal("3", national[1]);

        var json = await CliRun.RunAsync(Host, HotlineHost.Staff, "queues", "--once", "--json");
        var parsed = GetQueueStatsResponse.Parser.ParseJson(Assert.Single(json.JsonLines));
        Assert.Equal(server.Regions.Select(r => (r.Region, r.Waiting)), parsed.Regions.Select(r => (r.Region, r.Waiting)));
        Assert.Equal(3, parsed.National.Today.Entered);

        var operatorRefused = await CliRun.RunAsync(Host, new Hotline.Gateway.Security.TokenClaims("desk-1", ["operator"], [Shirvan]), "queues", "--once");
        Assert.Equal(5, operatorRefused.ExitCode);
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private async Task<string> ConnectedCaseAsync()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        return contact.CaseId;
    }
}
