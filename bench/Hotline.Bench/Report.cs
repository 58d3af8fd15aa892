using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Hotline.Bench;

/// <summary>Counts over the whole run (warm-up and drain included), to check nothing got lost.</summary>
public sealed record RunTotals(long Opened, long Offered, long Completed, long InFlightAtEnd, double MeasuredSeconds, long LifecyclesInWindow, double CpuCoresBusy);

/// <summary>Where the run happened.</summary>
public sealed record Machine(int ProcessorCount, string Os, string Runtime, string Gc)
{
    public static Machine Current() => new(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC ? "server" : "workstation");
}

/// <summary>Everything one run measured.</summary>
public sealed record BenchResult(
    IReadOnlyList<LatencySummary> Rows,
    double? WritesPerLifecycle,
    MemoryResult? Memory,
    RunTotals Totals,
    SortedDictionary<string, long> Counters,
    Machine Machine,
    Dictionary<string, string> Settings,
    ChaosResult? Chaos = null)
{
    public LatencySummary Row(string name) => Rows.Single(r => r.Name == name);
}

/// <summary>The results as one table on stdout and the same as JSON.</summary>
public static class Report
{
    public const string HealthSequential = "health (sequential)";
    public const string HealthConcurrent = "health (concurrent)";
    public const string OpenContact = "OpenContact";
    public const string IntakeToOffer = "intake→offer";
    public const string Accept = "Accept";
    public const string Complete = "Complete";
    public const string Lifecycle = "lifecycle";
    public const string SupervisorUpdate = "supervisor update age";

    /// <summary>Rows of the single-operator phase carry this prefix.</summary>
    public const string Alone = "1 operator: ";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string Text(BenchResult r)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"{"",-28} {"count",8} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"max ms",9} {"per second",11}"));
        foreach (var row in r.Rows)
        {
            s.AppendLine(Inv($"{row.Name,-28} {row.Count,8} {Ms(row.P50Ms),9} {Ms(row.P90Ms),9} {Ms(row.P99Ms),9} {Ms(row.MaxMs),9} {row.PerSecond,11:F0}"));
        }

        s.AppendLine();
        var health = r.Row(HealthSequential);
        foreach (var name in new[] { Alone + IntakeToOffer, Alone + OpenContact, IntakeToOffer, OpenContact })
        {
            if (r.Rows.FirstOrDefault(x => x.Name == name) is { } row)
            {
                s.AppendLine(Inv($"{name} / health (sequential): p50 {Ratio(row.P50Ms, health.P50Ms)}, p99 {Ratio(row.P99Ms, health.P99Ms)}"));
            }
        }

        s.AppendLine(Inv($"durable writes per lifecycle: {(r.WritesPerLifecycle is { } w ? w.ToString("F2", CultureInfo.InvariantCulture) : "n/a")}"));
        AppendMemory(s, r.Memory);
        var t = r.Totals;
        s.AppendLine(Inv($"contacts (whole run): opened {t.Opened}, offered {t.Offered}, completed {t.Completed}, unfinished {t.InFlightAtEnd}; measured {t.MeasuredSeconds:F1} s, {t.LifecyclesInWindow} lifecycles in it"));
        s.AppendLine(Inv($"processor time of this process in the measured window: {t.CpuCoresBusy:F2} of {r.Machine.ProcessorCount} cores{(r.Settings["target"] == "embedded" ? " (hotline and driver)" : " (driver only)")}"));
        var errors = r.Counters.Where(c => Progress.IsError(c.Key)).ToList();
        s.AppendLine(CultureInfo.InvariantCulture, $"errors: {(errors.Count == 0 ? "none" : string.Join(", ", errors.Select(c => $"{c.Key} {c.Value}")))}");
        var events = r.Counters.Where(c => !Progress.IsError(c.Key)).ToList();
        s.AppendLine(CultureInfo.InvariantCulture, $"events: {(events.Count == 0 ? "none" : string.Join(", ", events.Select(c => $"{c.Key} {c.Value}")))}");
        s.AppendLine(CultureInfo.InvariantCulture, $"machine: {r.Machine.ProcessorCount} processors, {r.Machine.Os}, {r.Machine.Runtime}, {r.Machine.Gc} GC");
        s.AppendLine(CultureInfo.InvariantCulture, $"settings: {string.Join(", ", r.Settings.Select(kv => $"{kv.Key} {kv.Value}"))}");
        s.AppendLine("times: latency per call as the client sees it; percentiles by nearest rank over all samples of the measured window");
        if (r.Chaos is not null)
        {
            s.AppendLine().Append(ChaosReport.Text(r.Chaos));
        }

        return s.ToString();
    }

    public static async Task WriteJsonAsync(BenchResult result, string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, Json);
    }

    private static void AppendMemory(StringBuilder s, MemoryResult? m)
    {
        if (m is null)
        {
            s.AppendLine("bytes per connected responder / per waiting contact: n/a (not measured: remote target, or both --memory-* options 0)");
            return;
        }

        s.AppendLine(Inv($"bytes per connected responder: {Bytes(m.BytesPerResponder)} ({m.ExtraResponders} extra, stream open, available; includes this client's share)"));
        s.AppendLine(Inv($"bytes per waiting contact: {Bytes(m.BytesPerWaitingContact)} ({m.WaitingContacts} opened in a language nobody speaks; supervisor saw {m.WaitingSeenBySupervisor} waiting{(m.WaitingAfterAbandon is { } left ? $", {left} after abandoning them" : "")})"));
        foreach (var row in new[] { m.OpenIntoWaiting, m.Abandon })
        {
            if (row is not null)
            {
                s.AppendLine(Inv($"  {row.Name}: p50 {Ms(row.P50Ms)} ms, p99 {Ms(row.P99Ms)} ms, max {Ms(row.MaxMs)} ms, {row.PerSecond:F0}/s"));
            }
        }
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms < 10 ? Inv($"{ms:F3}") : ms < 1000 ? Inv($"{ms:F1}") : Inv($"{ms:F0}");

    private static string Ratio(double value, double floor) => floor > 0 && !double.IsNaN(value) ? Inv($"{value / floor:F1}x") : "n/a";

    private static string Bytes(double? bytes) => bytes is { } b ? Inv($"{b:F0}") : "n/a";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
