using Hotline.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotline.Gateway.Health;

/// <summary>
/// Healthy when a grain call reaches a silo within a few seconds. A gateway whose silos are
/// all gone (or not yet up) reports NOT_SERVING on gRPC health and 503 on readiness, so a load
/// balancer sends no one to it.
/// </summary>
public sealed class RoutingEngineHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IHealthProbeGrain>(0).Ping().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("the routing engine answers");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the routing engine does not answer");
        }
    }
}
