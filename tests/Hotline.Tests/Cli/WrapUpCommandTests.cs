extern alias cli;

using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline responder presence ... --reason</c>, <c>hotline responder end-wrap-up</c>, and wrap-up on the roster.</summary>
public sealed class WrapUpCommandTests : IAsyncLifetime
{
    private const string Shirvan = "mountainous-shirvan";
    private static readonly Hotline.Gateway.Security.TokenClaims ShirvanSupervisor = new("sup-shirvan", ["supervisor"], [Shirvan]);
    private HotlineHost _host = null!;

    public async Task InitializeAsync() => _host = await HotlineHost.StartAsync(null, null, "--Hotline:Routing:WrapUp:Voice=00:01:00");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PresenceTakesAReasonWhenNotAvailableAndRefusesTheRest()
    {
        await _host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));
        var aysel = HotlineHost.ResponderClaims("aysel");

        var meal = await CliRun.RunAsync(_host, aysel, "responder", "presence", "aysel", "break", "--reason", "meal");
        Assert.True(meal.ExitCode == 0, meal.Error);
        Assert.Contains("break (meal)", meal.Output, StringComparison.Ordinal);

        var bySupervisor = await CliRun.RunAsync(_host, ShirvanSupervisor, "responder", "presence", "aysel", "away", "--as-supervisor", "--reason", "admin", "--json");
        Assert.True(bySupervisor.ExitCode == 0, bySupervisor.Error);
        Assert.Equal(PresenceReason.Admin, RosterEntry.Parser.ParseJson(Assert.Single(bySupervisor.JsonLines)).PresenceReason);

        var withAvailable = await CliRun.RunAsync(_host, aysel, "responder", "presence", "aysel", "available", "--reason", "training");
        Assert.Equal(3, withAvailable.ExitCode);
        Assert.Contains("reason:", withAvailable.Error, StringComparison.Ordinal);

        var hotlinesOwn = await CliRun.RunAsync(_host, aysel, "responder", "presence", "aysel", "break", "--reason", "missed-offers");
        Assert.Equal(2, hotlinesOwn.ExitCode);
        Assert.Equal((Presence.Away, PresenceReason.Admin), await PresenceAsync());
    }

    [Fact]
    public async Task TheRosterShowsTheWrapUpAndEndWrapUpEndsItAndIsRepeatable()
    {
        await using var session = await _host.OnlineResponderAsync(Requests.Responder("aysel", Shirvan));
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await session.NextOfferAsync(contact.ContactId);
        await _host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });
        await _host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });

        var roster = await CliRun.RunAsync(_host, ShirvanSupervisor, "roster", "--json");
        var entry = RosterUpdate.Parser.ParseJson(Assert.Single(roster.JsonLines)).Responders.Single(r => r.ResponderId == "aysel");
        Assert.Equal((RosterStatus.WrapUp, Channel.Voice), (entry.Status, Assert.Single(entry.WrapUps).Channel));
        var shown = await CliRun.RunAsync(_host, HotlineHost.ResponderClaims("aysel"), "responder", "show", "aysel");
        Assert.Contains("voice until 2026-11-24 09:01:00Z", shown.Output, StringComparison.Ordinal);

        var ended = await CliRun.RunAsync(_host, HotlineHost.ResponderClaims("aysel"), "responder", "end-wrap-up", "aysel", "--channel", "voice", "--json");
        Assert.True(ended.ExitCode == 0, ended.Error);
        Assert.Empty(Responder.Parser.ParseJson(Assert.Single(ended.JsonLines)).WrapUps);
        var again = await CliRun.RunAsync(_host, HotlineHost.ResponderClaims("aysel"), "responder", "end-wrap-up", "aysel");
        Assert.True(again.ExitCode == 0, again.Error);

        var badChannel = await CliRun.RunAsync(_host, HotlineHost.ResponderClaims("aysel"), "responder", "end-wrap-up", "aysel", "--channel", "fax");
        Assert.Equal(2, badChannel.ExitCode);
    }

    private async Task<(Presence, PresenceReason)> PresenceAsync()
    {
        var r = await _host.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = "aysel" });
        return (r.Presence, r.PresenceReason);
    }
}
