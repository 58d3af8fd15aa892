using System.Globalization;
using Hotline.Api.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hotline.Cli.Output;

/// <summary>The supervisors' board: one row per region and a national row, then the latest crisis alerts.</summary>
public sealed class QueueBoard
{
    private const int AlertsShown = 8;
    private readonly List<string> _order = [];
    private readonly Dictionary<string, RegionQueueStats> _regions = new(StringComparer.Ordinal);
    private readonly List<CrisisAlert> _alerts = [];
    private RegionQueueStats? _national;

    public void Apply(QueueUpdate update)
    {
        switch (update.UpdateCase)
        {
            case QueueUpdate.UpdateOneofCase.Snapshot:
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
                _alerts.RemoveAll(a => a.ContactId.Length > 0 && a.ContactId == update.Alert.ContactId && a.Reason == update.Alert.Reason);
                _alerts.Add(update.Alert);
                if (_alerts.Count > AlertsShown)
                {
                    _alerts.RemoveAt(0);
                }

                break;
        }

        _national = update.National ?? _national;
    }

    public void Apply(GetQueueStatsResponse response)
    {
        Apply(new QueueUpdate { Snapshot = new QueueSnapshot { Regions = { response.Regions } }, National = response.National });
    }

    public IRenderable Render(DateTimeOffset now)
    {
        var table = new Table { Title = new TableTitle($"Queues at {now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC") }
            .AddColumns("region", "waiting", "danger", "longest", "offered", "connected", "avail", "busy", "break", "away", "offline", "disc.",
                "entered", "answered", "abandoned", "ASA", "service level");
        foreach (var code in _order)
        {
            table.AddRow(Cells(code, _regions[code], now).Select(c => (IRenderable)new Text(c)));
        }

        if (_national is not null)
        {
            table.AddRow(Cells("national", _national, now).Select(c => (IRenderable)new Text(c, new Style(decoration: Decoration.Bold))));
        }

        if (_alerts.Count == 0)
        {
            return table;
        }

        var alerts = new Rows(_alerts.Select(a => (IRenderable)new Markup(
            $"[bold red]CRISIS[/] {Markup.Escape(a.Region)}: {Markup.Escape(Reason(a.Reason))} - contact {Markup.Escape(a.ContactId)} (case {Markup.Escape(a.CaseId)}) since {Views.Time(a.Since)}")));
        return new Rows(table, new Panel(alerts) { Header = new PanelHeader("Crisis alerts"), BorderStyle = new Style(Color.Red) });
    }

    private static string[] Cells(string name, RegionQueueStats s, DateTimeOffset now)
    {
        var longest = s.OldestWaitingSince is { } since ? now - since.ToDateTimeOffset() : TimeSpan.Zero;
        var d = s.Today ?? new DayCounters();
        return
        [
            name, N(s.Waiting), N(s.WaitingImminentDanger), longest > TimeSpan.Zero ? longest.ToString(@"m\:ss", CultureInfo.InvariantCulture) : "-",
            N(s.Offered), N(s.Connected), N(s.Responders?.Available ?? 0), N(s.Responders?.Busy ?? 0), N(s.Responders?.OnBreak ?? 0),
            N(s.Responders?.Away ?? 0), N(s.Responders?.Offline ?? 0), N(s.Responders?.Disconnected ?? 0),
            N(d.Entered), N(d.Answered), N(d.Abandoned), Views.Duration(d.AverageSpeedOfAnswer),
            d.ServiceLevel.ToString("P0", CultureInfo.InvariantCulture),
        ];
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Reason(AlertReason reason) => reason switch
    {
        AlertReason.Opened => "imminent danger",
        AlertReason.RiskRaised => "risk raised to imminent danger",
        AlertReason.NotConnectedInTime => "still not connected",
        _ => "alert",
    };
}
