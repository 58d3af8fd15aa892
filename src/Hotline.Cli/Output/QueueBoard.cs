using System.Globalization;
using Hotline.Api.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hotline.Cli.Output;

/// <summary>The supervisors' board: one row per region and a national row, then the latest crisis alerts.</summary>
public sealed class QueueBoard
{
    private const int AlertsShown = 8;
    // Short headers so the board fits a terminal; the README explains each.
    private static readonly string[] WideHeaders =
        ["region", "wait", "danger", "longest", "offered", "conn", "avail", "busy", "break", "away", "off", "disc", "wrap", "in", "answered", "aband", "ASA", "ACW", "SL"];

    private static readonly string[] NarrowHeaders = ["region", "wait", "danger", "longest", "conn", "avail", "busy", "away", "off", "SL"];

    private readonly List<string> _order = [];
    private readonly Dictionary<string, RegionQueueStats> _regions = new(StringComparer.Ordinal);
    private readonly List<CrisisAlert> _alerts = [];
    private RegionQueueStats? _national;
    private DateTimeOffset? _lostAt;

    /// <summary>The stream dropped at <paramref name="at"/>: the board says so until the next update arrives.</summary>
    public void Lost(DateTimeOffset at) => _lostAt ??= at;

    public void Apply(QueueUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        _lostAt = null;
        switch (update.UpdateCase)
        {
            case QueueUpdate.UpdateOneofCase.Snapshot:
                // A new stream sends the alerts that still stand right after its snapshot: any
                // other crisis line is from before and may since have been answered.
                _alerts.RemoveAll(a => a.Reason != AlertReason.Answered);
                _order.Clear();
                foreach (var region in update.Snapshot.Regions)
                {
                    _order.Add(region.Region);
                    _regions[region.Region] = region;
                }

                break;
            case QueueUpdate.UpdateOneofCase.Region:
                if (!_regions.ContainsKey(update.Region.Region))
                {
                    _order.Add(update.Region.Region);
                }

                _regions[update.Region.Region] = update.Region;
                break;
            case QueueUpdate.UpdateOneofCase.Alert:
                // An answered contact's earlier alerts give way to the one that says it was answered,
                // and a region's full queue is one line, the latest.
                _alerts.RemoveAll(a => (a.ContactId.Length > 0 && a.ContactId == update.Alert.ContactId
                    && (a.Reason == update.Alert.Reason || update.Alert.Reason == AlertReason.Answered))
                    || (a.Reason == AlertReason.QueueFull && update.Alert.Reason == AlertReason.QueueFull && a.Region == update.Alert.Region));
                _alerts.Add(update.Alert);
                if (_alerts.Count > AlertsShown)
                {
                    // Answered lines make room first: a person still waiting in danger is never pushed off the board.
                    var oldestAnswered = _alerts.FindIndex(a => a.Reason == AlertReason.Answered);
                    _alerts.RemoveAt(oldestAnswered >= 0 ? oldestAnswered : 0);
                }

                break;
        }

        _national = update.National ?? _national;
    }

    public void Apply(GetQueueStatsResponse response)
    {
        Apply(new QueueUpdate { Snapshot = new QueueSnapshot { Regions = { response.Regions } }, National = response.National });
    }

    /// <summary>
    /// The board for a terminal <paramref name="width"/> columns wide (every figure from 130 columns, the main ones
    /// below), its times in <paramref name="zone"/>.
    /// </summary>
    public IRenderable Render(DateTimeOffset now, TimeZoneInfo zone, int width = 200)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wide = width >= 130;
        var table = new Table
        {
            Title = new TableTitle(Markup.Escape($"Queues at {HotlineZone.Clock(now, zone)} ({zone.Id})")),
            Border = TableBorder.Simple,
        };
        var headers = wide ? WideHeaders : NarrowHeaders;
        table.AddColumn(new TableColumn(headers[0]).NoWrap());
        foreach (var header in headers.Skip(1))
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var code in _order)
        {
            table.AddRow(Cells(code, _regions[code], now, wide).Select(c => (IRenderable)new Text(c)));
        }

        if (_national is not null)
        {
            table.AddRow(Cells("national", _national, now, wide).Select(c => (IRenderable)new Text(c, new Style(decoration: Decoration.Bold))));
        }

        var parts = new List<IRenderable>();
        if (_lostAt is { } lost)
        {
            // A supervisor must not take stale figures for live ones.
            parts.Add(new Markup($"[bold red]Disconnected since {HotlineZone.Clock(lost, zone)}, reconnecting...[/] The figures below are from before."));
        }

        parts.Add(table);
        var surges = _order.Select(code => Surge(_regions[code], zone, now)).OfType<string>().ToList();
        if (surges.Count > 0)
        {
            parts.Add(new Rows(surges.Select(line => (IRenderable)new Markup($"[bold yellow]SURGE[/] {Markup.Escape(line)}"))));
        }

        if (Hours(now, zone) is { Count: > 0 } hours)
        {
            parts.Add(new Rows(hours.Select(h => (IRenderable)new Markup(Markup.Escape(h)))));
        }

        if (_alerts.Count > 0)
        {
            var alerts = new Rows(_alerts.Select(a => (IRenderable)new Markup(
                $"{(a.Reason == AlertReason.Answered ? "[bold green]ANSWERED[/]" : "[bold red]CRISIS[/]")} {Markup.Escape(Describe(a, now, zone))}")));
            parts.Add(new Panel(alerts) { Header = new PanelHeader("Crisis alerts"), BorderStyle = new Style(Color.Red) });
        }

        return parts.Count == 1 ? table : new Rows(parts);
    }

    /// <summary>Where a region in surge mode sends its new contacts, or null when it is not in surge mode.</summary>
    public static string? Surge(RegionQueueStats s, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(zone);
        if (s.Surge is not { } surge)
        {
            return null;
        }

        var to = surge.ToRegion.Length > 0 ? $"region {surge.ToRegion}" : $"triage {string.Join(", ", surge.ResponderIds)}";
        return $"{s.Region}: new contacts go to {to} since {HotlineZone.Show(surge.Since, zone, now)}";
    }

    /// <summary>"baku: closed, opens 09:00:00; 2 call-backs waiting" for each region closed (or with closed channels) or holding call-backs.</summary>
    private List<string> Hours(DateTimeOffset now, TimeZoneInfo zone)
    {
        var lines = new List<string>();
        foreach (var code in _order)
        {
            var s = _regions[code];
            var parts = new List<string>();
            if (s.Opening is { } o && (o.Closed || o.ClosedChannels.Count > 0))
            {
                var what = o.Closed ? "closed" : $"closed on {string.Join(", ", o.ClosedChannels.Select(ProtoEnum.Show))}";
                parts.Add(o.NextOpening is null ? what : $"{what}, opens {HotlineZone.Show(o.NextOpening, zone, now)}");
            }

            if (s.CallBacksWaiting > 0)
            {
                parts.Add($"{N(s.CallBacksWaiting)} call-back{(s.CallBacksWaiting == 1 ? "" : "s")} waiting");
            }

            if ((s.Today?.CallBacksUnreached ?? 0) > 0)
            {
                parts.Add($"{N(s.Today!.CallBacksUnreached)} unreached today");
            }

            if (parts.Count > 0)
            {
                lines.Add($"{code}: {string.Join("; ", parts)}");
            }
        }

        return lines;
    }

    /// <summary>One alert: what, since when, and when it was raised; or who answered it and when.</summary>
    private static string Describe(CrisisAlert a, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (a.Reason == AlertReason.Answered)
        {
            return $"{a.Region}: contact {a.ContactId} (case {a.CaseId}) answered {HotlineZone.Show(a.At, zone, now)} by {a.AnsweredBy}, waiting since {HotlineZone.Show(a.Since, zone, now)}";
        }

        if (a.Reason == AlertReason.QueueFull)
        {
            return $"{a.Region}: queue full since {HotlineZone.Show(a.Since, zone, now)}, new intakes refused; alerted {HotlineZone.Show(a.At, zone, now)}";
        }

        var line = $"{a.Region}: {Reason(a.Reason)} - contact {a.ContactId} (case {a.CaseId}) since {HotlineZone.Show(a.Since, zone, now)}";
        return a.At is not null && a.At != a.Since ? $"{line}, alerted {HotlineZone.Show(a.At, zone, now)}" : line;
    }

    private static string[] Cells(string name, RegionQueueStats s, DateTimeOffset now, bool wide)
    {
        var longest = s.OldestWaitingSince is { } since ? now - since.ToDateTimeOffset() : TimeSpan.Zero;
        var wait = longest > TimeSpan.Zero ? $"{(int)longest.TotalMinutes}:{longest.Seconds:00}" : "-";
        var r = s.Responders ?? new ResponderPresenceCounts();
        var d = s.Today ?? new DayCounters();
        var level = (d.ServiceLevel * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
        return wide
            ?
            [
                name, N(s.Waiting), N(s.WaitingImminentDanger), wait, N(s.Offered), N(s.Connected), N(r.Available), N(r.Busy), N(r.OnBreak),
                N(r.Away), N(r.Offline), N(r.Disconnected), N(r.WrapUp), N(d.Entered), N(d.Answered), N(d.Abandoned), Views.Duration(d.AverageSpeedOfAnswer),
                Views.Duration(d.AverageAfterContact), level,
            ]
            : [name, N(s.Waiting), N(s.WaitingImminentDanger), wait, N(s.Connected), N(r.Available), N(r.Busy), N(r.Away + r.OnBreak), N(r.Offline + r.Disconnected), level];
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Reason(AlertReason reason) => reason switch
    {
        AlertReason.Opened => "imminent danger",
        AlertReason.RiskRaised => "risk raised to imminent danger",
        AlertReason.NotConnectedInTime => "still not connected",
        AlertReason.CallerNotSafe => "caller not safe, follow-ups held",
        _ => "alert",
    };
}
