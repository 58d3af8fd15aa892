using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Hotline.Bench;

/// <summary>The load driver's command line; its defaults are <see cref="BenchOptions"/>'s.</summary>
internal static class BenchCommand
{
    private static readonly BenchOptions Defaults = new();

    private static readonly Option<Uri?> Address = new("--address")
    {
        Description = "Target a running hotline (e.g. http://127.0.0.1:5080); default: start an embedded hotline in this process",
        HelpName = "url",
        CustomParser = HttpAddress,
    };

    private static readonly Option<Uri?> Metrics = new("--metrics")
    {
        Description = "With --address: the target's Prometheus port (Hotline:Telemetry:MetricsUrl), to count storage writes per lifecycle",
        HelpName = "url",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:9464"),
        CustomParser = HttpAddress,
    };

    private static readonly Option<string?> Keys = new("--keys")
    {
        Description = "With --address: the target's key folder, to sign the admin, operator, supervisor and responder tokens the run uses; "
            + "the target's Hotline:Limits:IntakePerMinute and CallsPerMinute must allow each caller's share of the load",
        HelpName = "dir",
    };

    private static readonly Option<int> Responders = Whole("--responders", "Simulated responders, round-robin over regions", 1, Defaults.Responders);
    private static readonly Option<int> Concurrency = Whole("--concurrency", "Closed loop: operators, each waits for its contact to be completed before opening the next", 1, Defaults.Concurrency);
    private static readonly Option<double> Rate = Number("--rate", "Open loop: contacts opened per second instead, taken in turn by the --concurrency operators (0: off)", 0, Defaults.Rate, "n");
    private static readonly Option<double> Duration = Number("--duration", "Measured seconds", 1, Defaults.DurationSeconds);
    private static readonly Option<double> Warmup = Number("--warmup", "Unmeasured seconds before that", 0, Defaults.WarmupSeconds);
    private static readonly Option<double> LatencySeconds = Number("--latency-seconds", "Then one operator alone for this long: the routing cost near the floor, without queueing (0 skips)", 0, Defaults.LatencySeconds);
    private static readonly Option<int> ThinkMs = Whole("--think-ms", "Responder's wait between offer and accept", 0, Defaults.ThinkMs);
    private static readonly Option<int> TalkMs = Whole("--talk-ms", "Responder's wait between accept and complete", 0, Defaults.TalkMs);
    private static readonly Option<double> HealthSeconds = Number("--health-seconds", "Length of each health-check floor phase", 0, Defaults.HealthSeconds);
    private static readonly Option<int> HealthConcurrency = Whole("--health-concurrency", "Callers in the concurrent health phase", 1, Defaults.HealthConcurrency);
    private static readonly Option<int> MemoryResponders = Whole("--memory-responders", "Extra responders for the memory phase (0 skips)", 0, Defaults.MemoryResponders);
    private static readonly Option<int> MemoryContacts = Whole("--memory-contacts", "Waiting contacts for the memory phase (0 skips)", 0, Defaults.MemoryContacts);
    private static readonly Option<int> Supervisors = Whole("--supervisors", "Supervisors watching every region's queue live during the loaded phase", 0, Defaults.Supervisors);

    private static readonly Option<string?> Chaos = new("--chaos")
    {
        Description = "With --address: the folder of a running deploy/cluster.sh; during the measured window a random silo of it is killed "
            + "(SIGKILL, pid from its pid files) every --chaos-every seconds, the script restarts it, and a table of what the kills cost is printed",
        HelpName = "dir",
    };

    private static readonly Option<double> ChaosEvery = Number("--chaos-every", "Mean seconds between kills, each wait drawn between half and one and a half times it", 1, Defaults.ChaosEverySeconds);

    private static readonly Option<bool> Abandon = new("--abandon")
    {
        Description = "Abandon the memory phase's contacts afterwards and check the queues empty (off: the run just stops)",
    };

    private static readonly Option<string> Json = new("--json") { Description = "Where to write the results", HelpName = "path", DefaultValueFactory = _ => Defaults.JsonPath };

    private static readonly Option<string> Topology = new("--topology")
    {
        Description = "Regions, languages and skills (default: the file beside the binary)",
        HelpName = "path",
        DefaultValueFactory = _ => Defaults.TopologyPath,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Hotline load driver: simulated responders and operators over a real gRPC channel. "
            + "Run it with: dotnet run -c Release --project bench/Hotline.Bench -- [options]")
        {
            Address, Metrics, Keys, Responders, Concurrency, Rate, Duration, Warmup, LatencySeconds, ThinkMs, TalkMs,
            HealthSeconds, HealthConcurrency, MemoryResponders, MemoryContacts, Supervisors, Chaos, ChaosEvery, Abandon, Json, Topology,
        };
        root.Validators.Add(result =>
        {
            // Whether each was given, not its value: reading a malformed address here would throw.
            var problem = (result.GetResult(Address) is null, result.GetResult(Keys)) switch
            {
                (false, null) => "--address needs --keys: every call but health checks carries a token signed with the target's key",
                (true, not null) => "--keys goes with --address; the embedded hotline signs its own tokens",
                (true, _) when result.GetResult(Chaos) is not null => "--chaos goes with --address: it kills silos of a cluster",
                _ => null,
            };
            if (problem is not null)
            {
                result.AddError(problem);
            }
        });
        return root;
    }

    /// <summary>The settings of a command line that parsed without errors.</summary>
    public static BenchOptions Options(ParseResult parse) => new()
    {
        Address = parse.GetValue(Address),
        Metrics = parse.GetValue(Metrics),
        KeyDirectory = parse.GetValue(Keys),
        Responders = parse.GetValue(Responders),
        Concurrency = parse.GetValue(Concurrency),
        Rate = parse.GetValue(Rate),
        DurationSeconds = parse.GetValue(Duration),
        WarmupSeconds = parse.GetValue(Warmup),
        LatencySeconds = parse.GetValue(LatencySeconds),
        ThinkMs = parse.GetValue(ThinkMs),
        TalkMs = parse.GetValue(TalkMs),
        HealthSeconds = parse.GetValue(HealthSeconds),
        HealthConcurrency = parse.GetValue(HealthConcurrency),
        MemoryResponders = parse.GetValue(MemoryResponders),
        MemoryContacts = parse.GetValue(MemoryContacts),
        Supervisors = parse.GetValue(Supervisors),
        ChaosDirectory = parse.GetValue(Chaos),
        ChaosEverySeconds = parse.GetValue(ChaosEvery),
        AbandonWaiting = parse.GetValue(Abandon),
        JsonPath = parse.GetValue(Json)!,
        TopologyPath = parse.GetValue(Topology)!,
    };

    private static Uri? HttpAddress(ArgumentResult result)
    {
        if (Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError("--address must be an http:// or https:// address");
        return null;
    }

    private static Option<int> Whole(string name, string description, int min, int defaultValue) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => At(result, name, min, int.TryParse(result.Tokens.Single().Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n), n),
    };

    // Invariant, so that 0.5 means the same on every machine the driver runs on.
    private static Option<double> Number(string name, string description, double min, double defaultValue, string helpName = "s") => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => At(result, name, min, double.TryParse(result.Tokens.Single().Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n), n),
    };

    private static T At<T>(ArgumentResult result, string name, T min, bool parsed, T value)
        where T : struct, IComparable<T>
    {
        if (parsed && value.CompareTo(min) >= 0)
        {
            return value;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number of at least {min}"));
        return min;
    }
}
