using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>One run: floor, responders, the loaded lifecycle phase, one operator alone, memory phase, then the results.</summary>
public static class BenchRun
{
    private static readonly TimeSpan LifecycleSlack = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ChaosSlack = TimeSpan.FromSeconds(60);

    public static async Task<BenchResult> RunAsync(BenchOptions options, CancellationToken abort)
    {
        if (options.ChaosDirectory is { } cluster)
        {
            ChaosMonkey.Check(cluster);
        }

        var regions = RegionsFile.Load(options.TopologyPath);
        var workload = new Workload(regions, options.Responders, Guid.NewGuid().ToString("N")[..8]);
        EmbeddedHotline? hotline = null;
        if (options.Embedded)
        {
            Log("starting the embedded hotline");
            hotline = await EmbeddedHotline.StartAsync(abort);
        }

        try
        {
            var address = options.Address ?? hotline!.Address;
            var issuer = hotline?.Issuer ?? BenchCallers.IssuerFor(options.KeyDirectory!);
            Log($"target {address}; {regions.Regions.Count} regions, {workload.ShapeCount} contact shapes");
            using var channel = BenchChannel.Create(address);
            using IStorageWrites writes = hotline is not null ? new MeteredStorageWrites() : new ScrapedStorageWrites(options.Metrics ?? address);
            return await RunPhasesAsync(options, workload, new BenchCallers(channel, issuer), hotline, writes, abort);
        }
        finally
        {
            if (hotline is not null)
            {
                Log("stopping the embedded hotline");
                await hotline.DisposeAsync();
            }
        }
    }

    private static async Task<BenchResult> RunPhasesAsync(BenchOptions options, Workload workload, BenchCallers callers,
        EmbeddedHotline? hotline, IStorageWrites writes, CancellationToken abort)
    {
        var counters = new RunCounters();
        var window = new MeasuredWindow();
        // Responders (and the tracker, for intake→offer) record into both phases' recorders
        // and each keeps only what ended inside its own window.
        var aloneWindow = new MeasuredWindow();
        LatencyRecorder Both(string name) => new(name, window) { Also = new LatencyRecorder(Report.Alone + name, aloneWindow) };
        var intakeToOffer = Both(Report.IntakeToOffer);
        var tracker = new ContactTracker(window, intakeToOffer);

        Log($"health-check floor: {options.HealthSeconds} s one at a time, {options.HealthSeconds} s with {options.HealthConcurrency} callers");
        var (healthSequential, healthConcurrent) = await new HealthFloor(callers.Health, counters)
            .MeasureAsync(TimeSpan.FromSeconds(options.HealthSeconds), options.HealthConcurrency, abort);

        var context = new ResponderContext(tracker,
            Both(Report.Accept),
            Both(Report.Complete),
            counters,
            TimeSpan.FromMilliseconds(options.ThinkMs),
            TimeSpan.FromMilliseconds(options.TalkMs),
            options.ChaosDirectory is null ? null : new ChaosLedger());
        await using var responders = new SimulatedResponders(callers, context);
        var connectStart = Stopwatch.GetTimestamp();
        await responders.ConnectAsync(workload.Profiles, abort);
        Log($"{responders.Count} responders connected in {Stopwatch.GetElapsedTime(connectStart).TotalSeconds:F1} s");

        // A contact a kill delays may wait out an offer to a responder whose silo died (30 s).
        var slack = LifecycleSlack + context.Think + context.Talk + (context.Ledger is null ? TimeSpan.Zero : ChaosSlack);
        var openContact = new LatencyRecorder(Report.OpenContact, window);
        var lifecycle = new LatencyRecorder(Report.Lifecycle, window);
        var driver = new OperatorDriver(callers.Operators(options.Concurrency), workload, tracker, openContact, lifecycle, counters, slack, context.Ledger);
        var monkey = options.ChaosDirectory is { } directory ? new ChaosMonkey(directory, TimeSpan.FromSeconds(options.ChaosEverySeconds)) : null;
        var supervisorDelay = new LatencyRecorder(Report.SupervisorUpdate, window);
        var watchers = new SupervisorWatchers(callers.Supervisor, supervisorDelay, window);
        watchers.Start(options.Supervisors);
        var (writesInWindow, lifecyclesInWindow, cpuCores) = await RunLifecyclePhaseAsync(options, driver, tracker, counters, window, writes, abort, monkey);
        var chaos = monkey is null ? null
            : await ChaosReport.MeasureAsync(context.Ledger!, monkey.Kills, options.ChaosEverySeconds, counters, abort);
        await watchers.DisposeAsync();
        counters.Add("supervisor_updates", watchers.Updates);
        counters.Add("supervisor_alerts", watchers.Alerts);

        // One operator alone after the loaded phase, when everything is warm: the routing cost
        // without queueing, to set against the health-check floor.
        var aloneOpen = new LatencyRecorder(Report.Alone + Report.OpenContact, aloneWindow);
        var aloneLifecycle = new LatencyRecorder(Report.Alone + Report.Lifecycle, aloneWindow);
        if (options.LatencySeconds > 0 && !abort.IsCancellationRequested)
        {
            var alone = new OperatorDriver(callers.Operators(1), workload, tracker, aloneOpen, aloneLifecycle, counters, slack);
            var single = options with { Concurrency = 1, Rate = 0, WarmupSeconds = 1, DurationSeconds = options.LatencySeconds };
            await RunLifecyclePhaseAsync(single, alone, tracker, counters, aloneWindow, null, abort);
        }

        MemoryResult? memory = null;
        if (hotline is not null && (options.MemoryResponders > 0 || options.MemoryContacts > 0) && !abort.IsCancellationRequested)
        {
            Log($"memory: {options.MemoryResponders} extra responders, then {options.MemoryContacts} waiting contacts");
            await using var extra = new SimulatedResponders(callers, context);
            var probe = new MemoryProbe(callers.Operator("bench-operator-memory").Client, callers.Supervisor, workload, counters);
            memory = await probe.MeasureAsync(extra, workload.Profiles.Count, options.MemoryResponders, options.MemoryContacts,
                options.AbandonWaiting, abort);
        }

        if (tracker.Unclaimed is > 0 and var unclaimed)
        {
            // Offered to this run's responders but opened by nobody here (an earlier run's
            // waiting contacts, or an open that failed after the hotline took it).
            counters.Add("offer_of_untracked_contact", unclaimed);
        }

        var seconds = window.Seconds;
        var aloneSeconds = aloneWindow.Seconds;
        List<LatencySummary> rows = [healthSequential, healthConcurrent];
        if (options.LatencySeconds > 0)
        {
            rows.AddRange([
                aloneOpen.Summarize(aloneSeconds),
                intakeToOffer.Also!.Summarize(aloneSeconds),
                context.Accept.Also!.Summarize(aloneSeconds),
                context.Complete.Also!.Summarize(aloneSeconds),
                aloneLifecycle.Summarize(aloneSeconds),
            ]);
        }

        rows.AddRange(
        [
            openContact.Summarize(seconds),
            intakeToOffer.Summarize(seconds),
            context.Accept.Summarize(seconds),
            context.Complete.Summarize(seconds),
            lifecycle.Summarize(seconds),
        ]);
        if (options.Supervisors > 0)
        {
            rows.Add(supervisorDelay.Summarize(seconds));
        }
        var writesPerLifecycle = writesInWindow is { } w && lifecyclesInWindow > 0 ? (double)w / lifecyclesInWindow : (double?)null;
        var totals = new RunTotals(tracker.Opened, tracker.Offered, tracker.Completed, tracker.InFlight, seconds, lifecyclesInWindow, cpuCores);
        return new BenchResult(rows, writesPerLifecycle, memory, totals, counters.Snapshot(), Machine.Current(), options.Describe(), chaos);
    }

    /// <summary>Warm-up, the measured window, then the drain of contacts still in flight.</summary>
    private static async Task<(long? Writes, long Lifecycles, double CpuCores)> RunLifecyclePhaseAsync(BenchOptions options, OperatorDriver driver,
        ContactTracker tracker, RunCounters counters, MeasuredWindow window, IStorageWrites? writes, CancellationToken abort, ChaosMonkey? monkey = null)
    {
        using var stopOpening = new CancellationTokenSource();
        using var stopChaos = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var chaos = Task.CompletedTask;
        using var stopProgress = new CancellationTokenSource();
        var phase = "warm-up";
        var progress = Progress.ReportAsync(() => phase, tracker, counters, stopProgress.Token);
        var load = options.OpenLoop
            ? driver.RunOpenLoopAsync(options.Rate, stopOpening.Token, abort)
            : driver.RunClosedLoopAsync(stopOpening.Token, abort);

        long? written = null;
        var cpu = TimeSpan.Zero;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), abort);
            phase = "measured";
            var writesAtStart = writes is null ? null : await writes.ReadAsync(abort);
            var cpuAtStart = Environment.CpuUsage.TotalTime;
            window.Open(Stopwatch.GetTimestamp());
            chaos = monkey?.RunAsync(stopChaos.Token) ?? chaos;
            await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds), abort);
            window.Close(Stopwatch.GetTimestamp());
            cpu = Environment.CpuUsage.TotalTime - cpuAtStart;
            written = writes is null ? null : await writes.ReadAsync(abort) - writesAtStart;
        }
        catch (OperationCanceledException)
        {
            window.Close(Stopwatch.GetTimestamp());
        }

        phase = "drain";
        await stopChaos.CancelAsync();
        await chaos;
        await stopOpening.CancelAsync();
        await load;
        await stopProgress.CancelAsync();
        await progress;
        return (written, tracker.CompletedInWindow, window.Seconds > 0 ? cpu.TotalSeconds / window.Seconds : 0);
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");
}
