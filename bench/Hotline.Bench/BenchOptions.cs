using System.Globalization;

namespace Hotline.Bench;

/// <summary>The settings of one run, from the command line (<see cref="BenchCommand"/>); the defaults are the run the README reports.</summary>
public sealed record BenchOptions
{
    public Uri? Address { get; init; }

    /// <summary>The target's Prometheus endpoint (its own port), when targeting a running hotline.</summary>
    public Uri? Metrics { get; init; }
    public string? KeyDirectory { get; init; }
    public int Responders { get; init; } = 200;
    public int Concurrency { get; init; } = 32;
    public double Rate { get; init; }
    public double DurationSeconds { get; init; } = 60;
    public double WarmupSeconds { get; init; } = 5;
    public double LatencySeconds { get; init; } = 10;
    public int ThinkMs { get; init; }
    public int TalkMs { get; init; }
    public double HealthSeconds { get; init; } = 5;
    public int HealthConcurrency { get; init; } = 32;
    public int MemoryResponders { get; init; } = 1000;
    public int MemoryContacts { get; init; } = 2000;
    public bool AbandonWaiting { get; init; }
    public int Supervisors { get; init; }
    /// <summary>A running deploy/cluster.sh's folder: kill its silos during the measured window.</summary>
    public string? ChaosDirectory { get; init; }
    public double ChaosEverySeconds { get; init; } = 30;
    public string JsonPath { get; init; } = "bench-results.json";
    public string TopologyPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "topology", "azerbaijan.regions.json");

    public bool Embedded => Address is null;

    public bool OpenLoop => Rate > 0;

    /// <summary>The settings as printed under the results.</summary>
    public Dictionary<string, string> Describe() => new()
    {
        ["target"] = Address?.ToString() ?? "embedded",
        ["responders"] = Responders.ToString(CultureInfo.InvariantCulture),
        ["load"] = OpenLoop ? $"open loop, {Rate.ToString(CultureInfo.InvariantCulture)}/s" : $"closed loop, {Concurrency} operators",
        ["duration_s"] = DurationSeconds.ToString(CultureInfo.InvariantCulture),
        ["warmup_s"] = WarmupSeconds.ToString(CultureInfo.InvariantCulture),
        ["latency_s"] = LatencySeconds.ToString(CultureInfo.InvariantCulture),
        ["think_ms"] = ThinkMs.ToString(CultureInfo.InvariantCulture),
        ["talk_ms"] = TalkMs.ToString(CultureInfo.InvariantCulture),
        ["health_s"] = HealthSeconds.ToString(CultureInfo.InvariantCulture),
        ["health_concurrency"] = HealthConcurrency.ToString(CultureInfo.InvariantCulture),
        ["memory_responders"] = Embedded ? MemoryResponders.ToString(CultureInfo.InvariantCulture) : "n/a",
        ["memory_contacts"] = Embedded ? MemoryContacts.ToString(CultureInfo.InvariantCulture) : "n/a",
        ["abandon"] = AbandonWaiting ? "yes" : "no",
        ["supervisors"] = Supervisors.ToString(CultureInfo.InvariantCulture),
        ["chaos"] = ChaosDirectory is null ? "off" : $"a silo killed about every {ChaosEverySeconds.ToString(CultureInfo.InvariantCulture)} s",
    };
}
