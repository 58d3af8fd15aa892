using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Hotline.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline queues</c> live (without <c>--once</c>) against a real gateway, on a console that is not a terminal and on one that is.</summary>
public sealed class LiveBoardCommandTests : HostedTest
{
    private const string Shirvan = "mountainous-shirvan";
    private static readonly TimeSpan ReconnectWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheBoardShowsEveryRegionRedrawsWhenAContactArrivesAndQEndsIt()
    {
        await using var board = LiveCliRun.Start(Host, HotlineHost.Staff, Host.Address, "queues");
        var regions = Host.Services.GetRequiredService<RegionTopology>().Regions.Select(r => r.Code).ToList();
        await board.Console.ShowsAsync(o => regions.All(code => Rows(o).Any(c => c.Length > 1 && c[0] == code && c[1] == "0")), "every region's row, none waiting");
        // The hotline's clock starts at 09:00 UTC: 13:00 in Baku.
        Assert.Contains("Queues at 13:00:00 (Asia/Baku)", board.Console.Output, StringComparison.Ordinal);

        var contact = await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));
        await board.Console.ShowsAsync(o => Rows(o).Any(c => c is [Shirvan, "1", "1", ..]), "Shirvan's row with one contact waiting in danger");
        await board.Console.ShowsAsync($"CRISIS {Shirvan}: imminent danger - contact {contact.ContactId} (case {contact.CaseId}) since 13:00:00");

        Assert.Equal(0, await board.QuitAsync());
        Assert.Equal("", board.Error);
    }

    [Fact]
    public async Task ADroppedStreamIsSaidOnceOnStandardErrorAndSoIsItsReturn()
    {
        await using var relay = new TcpRelay(Host.Address);
        await using var board = LiveCliRun.Start(Host, HotlineHost.Staff, relay.Address, "queues", "--region", Shirvan);
        await board.Console.ShowsAsync(o => Rows(o).Any(c => c is [Shirvan, "0", ..]), "Shirvan's row, none waiting");

        relay.Cut();
        // Each attempt the board makes while the relay is cut used to print a line of its own.
        await relay.RefusedAsync(2, ReconnectWait);
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        relay.Restore();
        await board.Console.ShowsAsync(o => Rows(o).Any(c => c is [Shirvan, "1", ..]), "Shirvan's row with the contact opened while the stream was down", ReconnectWait);

        Assert.Equal(0, await board.QuitAsync());
        var said = board.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Collection(said,
            lost => Assert.Matches(@"^Lost the connection to the hotline \(gRPC status \w+\) at 13:00:00; reconnecting\.$", lost),
            back => Assert.Equal("Connected to the hotline again at 13:00:00.", back));
    }

    [Fact]
    public async Task OnATerminalADroppedStreamShowsOnTheBoardUntilUpdatesComeAgain()
    {
        await using var relay = new TcpRelay(Host.Address);
        await using var board = LiveCliRun.OnTerminal(Host, HotlineHost.Staff, relay.Address, "queues", "--region", Shirvan);
        await board.Console.ShowsAsync(o => Rows(o).Any(c => c is [Shirvan, "0", ..]), "Shirvan's row, none waiting");

        relay.Cut();
        await board.Console.ShowsAsync("Disconnected since 13:00:00, reconnecting...", ReconnectWait);
        await relay.RefusedAsync(2, ReconnectWait);
        await Host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        relay.Restore();
        await board.Console.ShowsAsync(o => DrawnAfterTheOutage(o) is { } drawn && Rows(drawn).Any(c => c is [Shirvan, "1", ..]),
            "Shirvan's row with the new contact on a board that no longer says it is disconnected", ReconnectWait);

        Assert.Equal(0, await board.QuitAsync());
        // Standard error would write over the live board.
        Assert.Equal("", board.Error);
    }

    /// <summary>
    /// The boards drawn after the last one that said it was disconnected (each board is drawn whole, its title
    /// after the notice), or null when none was.
    /// </summary>
    private static string? DrawnAfterTheOutage(string output)
    {
        var notice = output.LastIndexOf("Disconnected since", StringComparison.Ordinal);
        var itsTitle = notice < 0 ? -1 : output.IndexOf("Queues at", notice, StringComparison.Ordinal);
        var next = itsTitle < 0 ? -1 : output.IndexOf("Queues at", itsTitle + 1, StringComparison.Ordinal);
        return next < 0 ? null : output[next..];
    }

    private static IEnumerable<string[]> Rows(string output) =>
        output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
