using System.Globalization;

namespace Hotline.Bench;

/// <summary>The settings of one run, from the command line.</summary>
public sealed record BenchOptions
{
    public Uri? Address { get; init; }
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
    public string JsonPath { get; init; } = "bench-results.json";
    public string TopologyPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "topology", "azerbaijan.regions.json");

    public bool Embedded => Address is null;

    public bool OpenLoop => Rate > 0;

    public const string Help = """
        Hotline load driver: simulated responders and operators over a real gRPC channel.

        Usage: dotnet run -c Release --project bench/Hotline.Bench -- [options]

          --address <url>            target a running hotline (e.g. http://127.0.0.1:5080);
                                     default: start an embedded hotline in this process
          --keys <dir>               with --address: the target's key folder, to sign the
                                     admin, operator, supervisor and responder tokens the
                                     run uses; the target's Hotline:Limits:IntakePerMinute
                                     must allow each operator's share of the load
          --responders <n>           simulated responders, round-robin over regions (200)
          --concurrency <n>          closed loop: operators, each waits for its contact
                                     to be completed before opening the next (32)
          --rate <n>                 open loop: contacts opened per second instead, taken
                                     in turn by the --concurrency operators (off)
          --duration <s>             measured seconds (60)
          --warmup <s>               unmeasured seconds before that (5)
          --latency-seconds <s>      then one operator alone for this long: the routing
                                     cost near the floor, without queueing (10; 0 skips)
          --think-ms <n>             responder's wait between offer and accept (0)
          --talk-ms <n>              responder's wait between accept and complete (0)
          --health-seconds <s>       length of each health-check floor phase (5)
          --health-concurrency <n>   callers in the concurrent health phase (32)
          --memory-responders <n>    extra responders for the memory phase, 0 skips (1000)
          --memory-contacts <n>      waiting contacts for the memory phase, 0 skips (2000)
          --supervisors <n>          supervisors watching every region's queue live during
                                     the loaded phase (0)
          --abandon                  abandon those contacts afterwards and check the queues
                                     empty (off: the run just stops)
          --json <path>              where to write the results (bench-results.json)
          --topology <path>          regions, languages and skills (the file beside the binary)
          --help                     this text
        """;

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        var options = new BenchOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return null;
            }

            if (name == "--abandon")
            {
                options = options with { AbandonWaiting = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return null;
            }

            var value = args[++i];
            try
            {
                options = name switch
                {
                    "--address" => options with { Address = HttpAddress(value) },
                    "--keys" => options with { KeyDirectory = value },
                    "--responders" => options with { Responders = Positive(value, 1) },
                    "--concurrency" => options with { Concurrency = Positive(value, 1) },
                    "--rate" => options with { Rate = Number(value, 0) },
                    "--duration" => options with { DurationSeconds = Number(value, 1) },
                    "--warmup" => options with { WarmupSeconds = Number(value, 0) },
                    "--latency-seconds" => options with { LatencySeconds = Number(value, 0) },
                    "--think-ms" => options with { ThinkMs = Positive(value, 0) },
                    "--talk-ms" => options with { TalkMs = Positive(value, 0) },
                    "--health-seconds" => options with { HealthSeconds = Number(value, 0) },
                    "--health-concurrency" => options with { HealthConcurrency = Positive(value, 1) },
                    "--memory-responders" => options with { MemoryResponders = Positive(value, 0) },
                    "--memory-contacts" => options with { MemoryContacts = Positive(value, 0) },
                    "--supervisors" => options with { Supervisors = Positive(value, 0) },
                    "--json" => options with { JsonPath = value },
                    "--topology" => options with { TopologyPath = value },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (FormatException e) // UriFormatException included
            {
                error = $"{name} {value}: {e.Message}";
                return null;
            }
        }

        error = (options.Embedded, options.KeyDirectory) switch
        {
            (false, null) => "--address needs --keys: every call but health checks carries a token signed with the target's key",
            (true, not null) => "--keys goes with --address; the embedded hotline signs its own tokens",
            _ => null,
        };
        return error is null ? options : null;
    }

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
    };

    private static Uri HttpAddress(string value)
    {
        var uri = new Uri(value, UriKind.Absolute);
        return uri.Scheme is "http" or "https" ? uri : throw new FormatException("must be an http:// or https:// address");
    }

    private static int Positive(string value, int min)
    {
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        return n >= min ? n : throw new FormatException($"must be at least {min}");
    }

    private static double Number(string value, double min)
    {
        var n = double.Parse(value, CultureInfo.InvariantCulture);
        return n >= min ? n : throw new FormatException($"must be at least {min}");
    }
}
