using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Telemetry;

/// <summary>
/// Keeps the silo watchdog's false alarm at start-up out of the log. Orleans 10.4 starts its
/// platform check before it stamps the component check's start, so the first check can report
/// that the component check "has not completed" for as long as the machine has been up (minutes
/// or days, at every start). A stall longer than the host has lived cannot be real; every
/// other watchdog line, a real stall included, is logged as Orleans wrote it.
/// </summary>
public static class WatchdogStartRace
{
    private const int StalledEventId = 100150;

    /// <summary>Registers the filter; <paramref name="time"/> (the system's unless a test gives one) measures how long the host has lived.</summary>
    public static void Filter(IServiceCollection services, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var registered = time.GetTimestamp();
        // The watchdog is internal to Orleans; its logger is ILogger<Watchdog>, so the filter is
        // registered for that type by name. Should a later Orleans rename it, nothing is filtered.
        var watchdog = Type.GetType("Orleans.Runtime.Watchdog, Orleans.Runtime");
        if (watchdog is null)
        {
            return;
        }

        var filtered = typeof(Filtered<>).MakeGenericType(watchdog);
        // The watchdog starts after this registration, so no real stall can be longer than the time since.
        Func<TimeSpan> lifetime = () => time.GetElapsedTime(registered);
        services.AddSingleton(typeof(ILogger<>).MakeGenericType(watchdog), sp => Activator.CreateInstance(filtered, sp.GetRequiredService<ILoggerFactory>(), lifetime)!);
    }

    private static bool IsTheStartRace<TState>(EventId eventId, TState state, TimeSpan lifetime) =>
        eventId.Id == StalledEventId
        && state is IReadOnlyList<KeyValuePair<string, object?>> fields
        && fields.Any(f => f.Key == "TimeSinceLastTick" && f.Value is TimeSpan stalled && stalled > lifetime);

    /// <summary>The watchdog's logger, without the start-up race's line.</summary>
    private sealed class Filtered<T>(ILoggerFactory factory, Func<TimeSpan> lifetime) : ILogger<T>
    {
        private readonly ILogger _inner = factory.CreateLogger<T>();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsTheStartRace(eventId, state, lifetime()))
            {
                _inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
