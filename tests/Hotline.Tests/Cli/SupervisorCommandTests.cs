using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;

namespace Hotline.Tests.Cli;

/// <summary>A supervisor steps in from the command line: reassign, move, transfer, the roster, someone's presence.</summary>
public sealed class SupervisorCommandTests : HostedTest
{
    private static readonly Hotline.Gateway.Security.TokenClaims ShirvanSupervisor = new("sup-shirvan", ["supervisor"], [People.Region]);

    [Fact]
    public async Task ReassignGivesAWaitingContactToTheChosenResponder()
    {
        await using var first = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", People.Region));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await first.NextOfferAsync(contact.ContactId);
        await using var chosen = await Host.OnlineResponderAsync(Requests.Responder("shirvan-2", People.Region));

        var run = await CliRun.RunAsync(Host, People.SupervisorIn, "contact", "reassign", contact.ContactId, "--to", "shirvan-2");

        Assert.True(run.ExitCode == 0, run.Error);
        var offer = await chosen.NextOfferAsync(contact.ContactId);
        Assert.Contains($"Offered to shirvan-2 (offer {offer.OfferId})", run.Output, StringComparison.Ordinal);
        var nobody = await CliRun.RunAsync(Host, People.SupervisorIn, "contact", "reassign", contact.ContactId, "--to", "nobody");
        Assert.Equal(5, nobody.ExitCode);
        Assert.Contains("responder whose home region they supervise", nobody.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveSendsAWaitingContactToAnotherRegionsQueue()
    {
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var staff = new Hotline.Gateway.Security.TokenClaims("sup-both", ["supervisor"], [People.Region, People.OtherRegion]);

        var run = await CliRun.RunAsync(Host, staff, "contact", "move", contact.ContactId, "--region", People.OtherRegion);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"now waits in {People.OtherRegion}", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await Host.QueueAsync(People.OtherRegion)).Waiting);
        Assert.Equal(0, (await Host.QueueAsync(People.Region)).Waiting);
    }

    [Fact]
    public async Task TransferOffersTheCaseToTheOtherRegionLive()
    {
        await using var owner = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", People.Region));
        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await owner.NextOfferAsync(contact.ContactId);
        await Host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });
        await using var receiver = await Host.OnlineResponderAsync(Requests.Responder("baku-1", People.OtherRegion));

        var run = await CliRun.RunAsync(Host, HotlineHost.ResponderClaims("shirvan-1"), "case", "transfer", contact.CaseId, "--to-region", People.OtherRegion,
            "--reason", "Moved to a shelter in Baku", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var transfer = TransferResponse.Parser.ParseJson(Assert.Single(run.JsonLines));
        var offer = await receiver.NextOfferAsync(transfer.TransferId);
        Assert.Equal(WorkKind.Transfer, offer.Kind);
        Assert.Equal(transfer.TransferId, (await Host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId })).PendingTransferId);
    }

    [Fact]
    public async Task RosterShowsEveryResponderOfTheSupervisedRegions()
    {
        await using var online = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", People.Region));
        await Host.Responders.UpsertResponderAsync(Requests.Responder("shirvan-2", People.Region));
        await Host.Responders.UpsertResponderAsync(Requests.Responder("baku-1", People.OtherRegion));

        var run = await CliRun.RunAsync(Host, ShirvanSupervisor, "roster");

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = run.Output.Split('\n');
        Assert.Contains(rows, r => r.Contains("shirvan-1", StringComparison.Ordinal) && r.Contains("available", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("shirvan-2", StringComparison.Ordinal) && r.Contains("offline", StringComparison.Ordinal));
        Assert.DoesNotContain("baku-1", run.Output, StringComparison.Ordinal);

        var json = await CliRun.RunAsync(Host, ShirvanSupervisor, "roster", "--json");
        var update = RosterUpdate.Parser.ParseJson(Assert.Single(json.JsonLines));
        Assert.Equal((People.Region, true), (update.Region, update.Full));
        Assert.Equal(["shirvan-1", "shirvan-2"], update.Responders.Select(r => r.ResponderId));

        var operatorRefused = await CliRun.RunAsync(Host, People.OperatorIn, "roster");
        Assert.Equal(5, operatorRefused.ExitCode);
    }

    [Fact]
    public async Task ASupervisorSettingPresenceWithoutAsSupervisorIsToldSo()
    {
        await using var online = await Host.OnlineResponderAsync(Requests.Responder("shirvan-1", People.Region));

        var refused = await CliRun.RunAsync(Host, People.SupervisorIn, "responder", "presence", "shirvan-1", "away");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("--as-supervisor", refused.Error, StringComparison.Ordinal);

        var set = await CliRun.RunAsync(Host, People.SupervisorIn, "responder", "presence", "shirvan-1", "away", "--as-supervisor");
        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Equal(Presence.Away, (await Host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "shirvan-1" })).Presence);
    }
}
