extern alias cli;

using Google.Protobuf.WellKnownTypes;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using CliQueueBoard = cli::Hotline.Cli.Output.QueueBoard;
using CliQueueSnapshot = cli::Hotline.Api.V1.QueueSnapshot;
using CliQueueUpdate = cli::Hotline.Api.V1.QueueUpdate;
using CliRegionQueueStats = cli::Hotline.Api.V1.RegionQueueStats;
using CliSurgeMode = cli::Hotline.Api.V1.SurgeMode;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline surge set|clear</c> from the command line, and the board's surge line.</summary>
public sealed class SurgeCommandTests : HostedTest
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 10, 0, TimeSpan.Zero);

    [Fact]
    public async Task ASupervisorDivertsTheRegionToTriageRespondersAndRestoresIt()
    {
        await Host.Responders.UpsertResponderAsync(Requests.Responder("triage-1", People.Region));
        await Host.Responders.UpsertResponderAsync(Requests.Responder("triage-2", People.Region));

        var set = await CliRun.RunAsync(Host, People.SupervisorIn, "surge", "set", People.Region, "--responder", "triage-2", "--responder", "triage-1");

        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains($"{People.Region}: new contacts go to triage triage-1, triage-2 since", set.Output, StringComparison.Ordinal);
        Assert.Equal(["triage-1", "triage-2"], (await Host.QueueAsync(People.Region)).Surge.ResponderIds);

        var cleared = await CliRun.RunAsync(Host, People.SupervisorIn, "surge", "clear", People.Region);
        Assert.True(cleared.ExitCode == 0, cleared.Error);
        Assert.Contains($"{People.Region}: new contacts are routed as usual", cleared.Output, StringComparison.Ordinal);
        Assert.Null((await Host.QueueAsync(People.Region)).Surge);
    }

    [Fact]
    public async Task ARegionTargetIsShownAndAnOutOfScopeSupervisorIsRefused()
    {
        var set = await CliRun.RunAsync(Host, People.SupervisorIn, "surge", "set", People.Region, "--to-region", People.SecondRegionIn, "--json");
        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Equal(People.SecondRegionIn, Hotline.Api.V1.RegionQueueStats.Parser.ParseJson(Assert.Single(set.JsonLines)).Surge.ToRegion);

        var refused = await CliRun.RunAsync(Host, People.SupervisorOut, "surge", "clear", People.Region);
        Assert.Equal(5, refused.ExitCode);
        Assert.Equal(People.SecondRegionIn, (await Host.QueueAsync(People.Region)).Surge.ToRegion);

        var both = await CliRun.RunAsync(Host, People.SupervisorIn, "surge", "set", People.Region, "--to-region", "baku", "--responder", "x");
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("responder_ids", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBoardShowsWhereARegionInSurgeSendsItsNewContacts()
    {
        var board = new CliQueueBoard();
        var surging = new CliRegionQueueStats
        {
            Region = "baku",
            Surge = new CliSurgeMode { ToRegion = "absheron-khizi", Since = Timestamp.FromDateTimeOffset(Now.AddMinutes(-5)) },
        };
        board.Apply(new CliQueueUpdate { Snapshot = new CliQueueSnapshot { Regions = { surging, new CliRegionQueueStats { Region = "nakhchivan" } } } });

        var console = new RecordingConsole();
        console.Write(board.Render(Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Baku"), console.Profile.Width));

        Assert.Contains("SURGE baku: new contacts go to region absheron-khizi since 13:05:00", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SURGE nakhchivan", console.Output, StringComparison.Ordinal);
    }
}
