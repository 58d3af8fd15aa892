using Hotline.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotline.Gateway.Health;

/// <summary>
/// Healthy when a grain call reaches a silo within a few seconds. A gateway whose silos are
/// all gone (or not yet up) reports NOT_SERVING on gRPC health and 503 on readiness, so a load
/// balancer sends no one to it. Waiting for silos is a normal state, not a failure: it is said
/// once at warning level when it begins and once when the silos answer (the health-check
/// service's own error line per failed check is silenced in the gateway's logging).
/// </summary>
public sealed partial class RoutingEngineHealthCheck(IGrainFactory grains, ILogger<RoutingEngineHealthCheck> logger) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    // 0 not checked yet, 1 answering, 2 waiting.
    private int _state;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IHealthProbeGrain>(0).Ping().WaitAsync(Timeout, cancellationToken);
            if (Interlocked.Exchange(ref _state, 1) == 2)
            {
                LogAnswering(logger);
            }

            return HealthCheckResult.Healthy("the routing engine answers");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _state, 2) != 2)
            {
                LogWaiting(logger);
            }

            return HealthCheckResult.Unhealthy("the routing engine does not answer");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the routing engine (no silo answers yet, or all are gone): health is NOT_SERVING and calls are answered UNAVAILABLE until one does")]
    private static partial void LogWaiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The routing engine answers: serving")]
    private static partial void LogAnswering(ILogger logger);
}
