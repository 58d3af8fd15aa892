extern alias cli;

using Google.Protobuf.WellKnownTypes;
using AlertReason = cli::Hotline.Api.V1.AlertReason;
using CliEnvironment = cli::Hotline.Cli.CliEnvironment;
using CrisisAlert = cli::Hotline.Api.V1.CrisisAlert;
using HotlineCli = cli::Hotline.Cli.HotlineCli;
using HotlineZone = cli::Hotline.Cli.HotlineZone;
using QueueBoard = cli::Hotline.Cli.Output.QueueBoard;
using QueueSnapshot = cli::Hotline.Api.V1.QueueSnapshot;
using QueueUpdate = cli::Hotline.Api.V1.QueueUpdate;
using RegionQueueStats = cli::Hotline.Api.V1.RegionQueueStats;

namespace Hotline.Tests.Cli;

/// <summary>How the board is drawn, and the hotline's time zone its times are shown in (no hotline needed).</summary>
public sealed class QueueBoardTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 10, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Baku = TimeZoneInfo.FindSystemTimeZoneById("Asia/Baku");

    [Fact]
    public void TheBoardsTimesAreTheHotlinesLocalTimes()
    {
        var board = new QueueBoard();
        board.Apply(Snapshot());
        board.Apply(new QueueUpdate
        {
            Alert = new CrisisAlert
            {
                Region = "baku", Reason = AlertReason.NotConnectedInTime, ContactId = "c-1", CaseId = "k-1",
                Since = Timestamp.FromDateTimeOffset(Now.AddMinutes(-10)), At = Timestamp.FromDateTimeOffset(Now.AddMinutes(-5)),
            },
        });

        var shown = Draw(board, Baku);
        Assert.Contains("Queues at 13:10:00 (Asia/Baku)", shown, StringComparison.Ordinal);
        Assert.Contains("CRISIS baku: still not connected - contact c-1 (case k-1) since 13:00:00, alerted 13:05:00", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnsweredAlertReplacesTheCrisisLineWithWhoAnsweredAndWhen()
    {
        var board = new QueueBoard();
        board.Apply(Snapshot());
        var since = Timestamp.FromDateTimeOffset(Now.AddMinutes(-3));
        board.Apply(new QueueUpdate { Alert = new CrisisAlert { Region = "baku", Reason = AlertReason.Opened, ContactId = "c-1", CaseId = "k-1", Since = since, At = since } });
        board.Apply(new QueueUpdate { Alert = new CrisisAlert { Region = "baku", Reason = AlertReason.Opened, ContactId = "c-2", CaseId = "k-2", Since = since, At = since } });

        board.Apply(new QueueUpdate
        {
            Alert = new CrisisAlert
            {
                Region = "baku", Reason = AlertReason.Answered, ContactId = "c-1", CaseId = "k-1", Since = since,
                At = Timestamp.FromDateTimeOffset(Now.AddMinutes(-1)), AnsweredBy = "aysel",
            },
        });

        var shown = Draw(board, Baku);
        Assert.Contains("ANSWERED baku: contact c-1 (case k-1) answered 13:09:00 by aysel, waiting since 13:07:00", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("CRISIS baku: imminent danger - contact c-1", shown, StringComparison.Ordinal);
        Assert.Contains("CRISIS baku: imminent danger - contact c-2", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAlertFromAnEarlierDayInTheHotlinesZoneShowsItsDate()
    {
        var board = new QueueBoard();
        // 23:40 UTC the day before: today already in Baku (03:40), yesterday in UTC.
        board.Apply(new QueueUpdate { Alert = new CrisisAlert { Region = "baku", Reason = AlertReason.Opened, ContactId = "c-1", CaseId = "k-1", Since = Timestamp.FromDateTimeOffset(Now.AddHours(-9.5)) } });
        Assert.Contains("since 03:40:00", Draw(board, Baku), StringComparison.Ordinal);
        Assert.Contains("since 2026-11-23 23:40:00", Draw(board, TimeZoneInfo.Utc), StringComparison.Ordinal);
    }

    [Fact]
    public void ADroppedStreamShowsOnTheBoardUntilTheNextUpdate()
    {
        var board = new QueueBoard();
        board.Apply(Snapshot());
        board.Lost(Now.AddSeconds(-30));
        board.Lost(Now);
        var down = Draw(board, Baku);
        Assert.Contains("Disconnected since 13:09:30, reconnecting...", down, StringComparison.Ordinal);
        Assert.Contains("baku", down, StringComparison.Ordinal);

        board.Apply(new QueueUpdate { Region = new RegionQueueStats { Region = "baku", Waiting = 2 } });
        Assert.DoesNotContain("Disconnected", Draw(board, Baku), StringComparison.Ordinal);
    }

    [Fact]
    public void TheZoneIsBakuUnlessHotlineZoneNamesAnother()
    {
        Assert.Equal(Baku.BaseUtcOffset, HotlineZone.From(Environment(_ => null)).BaseUtcOffset);
        Assert.Equal(TimeSpan.FromHours(3), HotlineZone.From(Environment(v => v == "HOTLINE_ZONE" ? "Europe/Istanbul" : null)).BaseUtcOffset);
    }

    [Fact]
    public async Task AnUnknownZoneIsRefusedNamingHotlineZoneBeforeAnyCall()
    {
        var error = new StringWriter();
        // Nothing listens at this address: a call would fail with another sentence and exit code.
        var exit = await HotlineCli.RunAsync(["queues", "--once", "--address", "http://127.0.0.1:9", "--token", "t"],
            Environment(v => v == "HOTLINE_ZONE" ? "Asia/Bakuu" : null, error));
        Assert.Equal(2, exit);
        Assert.StartsWith("HOTLINE_ZONE: 'Asia/Bakuu' is not a time zone", error.ToString(), StringComparison.Ordinal);
    }

    private static QueueUpdate Snapshot() =>
        new() { Snapshot = new QueueSnapshot { Regions = { new RegionQueueStats { Region = "baku", Waiting = 1 } } }, National = new RegionQueueStats { Waiting = 1 } };

    private static string Draw(QueueBoard board, TimeZoneInfo zone)
    {
        var console = new RecordingConsole();
        console.Write(board.Render(Now, zone, console.Profile.Width));
        return console.Output;
    }

    private static CliEnvironment Environment(Func<string, string?> variables, TextWriter? error = null) =>
        new(new RecordingConsole(), TextWriter.Null, error ?? TextWriter.Null, variables);
}
