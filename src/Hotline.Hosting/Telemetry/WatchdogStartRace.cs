using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Telemetry;

/// <summary>
/// Keeps the silo watchdog's false alarm at start-up out of the log. Orleans 10.4 starts its
/// platform check before it stamps the component check's start, so the first check can report
/// that the component check "has not completed" for as long as the machine has been up (minutes
/// or days, at every start). A stall longer than this process has lived cannot be real; every
/// other watchdog line, a real stall included, is logged as Orleans wrote it.
/// </summary>
public static class WatchdogStartRace
{
    private const int StalledEventId = 100150;

    public static void Filter(IServiceCollection services)
    {
        // The watchdog is internal to Orleans; its logger is ILogger<Watchdog>, so the filter is
        // registered for that type by name. Should a later Orleans rename it, nothing is filtered.
        var watchdog = Type.GetType("Orleans.Runtime.Watchdog, Orleans.Runtime");
        if (watchdog is null)
        {
            return;
        }

        var filtered = typeof(Filtered<>).MakeGenericType(watchdog);
        services.AddSingleton(typeof(ILogger<>).MakeGenericType(watchdog), sp => Activator.CreateInstance(filtered, sp.GetRequiredService<ILoggerFactory>())!);
    }

    private static bool IsTheStartRace<TState>(EventId eventId, TState state) =>
        eventId.Id == StalledEventId
        && state is IReadOnlyList<KeyValuePair<string, object?>> fields
        && fields.Any(f => f.Key == "TimeSinceLastTick" && f.Value is TimeSpan stalled && stalled > Lifetime());

    private static TimeSpan Lifetime() => DateTime.Now - Process.GetCurrentProcess().StartTime;

    /// <summary>The watchdog's logger, without the start-up race's line.</summary>
    private sealed class Filtered<T>(ILoggerFactory factory) : ILogger<T>
    {
        private readonly ILogger _inner = factory.CreateLogger<T>();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsTheStartRace(eventId, state))
            {
                _inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
