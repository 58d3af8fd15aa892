using Hotline.Telemetry;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Telemetry;

/// <summary>The silo watchdog's start-up race is kept out of the log; its real stall warnings are not.</summary>
public sealed class WatchdogStartRaceTests
{
    private const int Stalled = 100150;

    [Fact]
    public void AStallLongerThanTheProcessHasLivedIsDroppedAndARealOneIsKept()
    {
        var logs = new CapturedLogs();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        WatchdogStartRace.Filter(services, time);
        time.Advance(TimeSpan.FromMinutes(2));
        using var provider = services.BuildServiceProvider();
        var watchdog = Type.GetType("Orleans.Runtime.Watchdog, Orleans.Runtime", throwOnError: true)!;
        var logger = (ILogger)provider.GetRequiredService(typeof(ILogger<>).MakeGenericType(watchdog));

        Log(logger, TimeSpan.FromDays(3));
        Log(logger, TimeSpan.FromSeconds(11)); // shorter than the host has lived: a real stall
        logger.Log(LogLevel.Warning, new EventId(Stalled), "another watchdog line", null, (s, _) => s);

        var lines = logs.Lines.Where(l => l.Contains("Orleans.Runtime.Watchdog", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.Contains("has not completed for 00:00:11", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("another watchdog line", StringComparison.Ordinal));
    }

    private static void Log(ILogger logger, TimeSpan stalled) =>
        logger.Log(LogLevel.Warning, new EventId(Stalled), new List<KeyValuePair<string, object?>> { new("TimeSinceLastTick", stalled) }, null,
            (s, _) => $"Participant check thread has not completed for {s[0].Value}, potentially indicating lock contention");
}
