using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotline.Telemetry;

/// <summary>Telemetry of a silo, embedded in the gateway or on its own, and of a gateway's Orleans client.</summary>
public static class SiloTelemetry
{
    /// <summary>
    /// The hotline meter the grains record to, always (grains need it even with export off),
    /// and, when an OTLP endpoint is configured, the shared OpenTelemetry export. Safe to call
    /// more than once on one container.
    /// </summary>
    public static IServiceCollection AddHotlineSiloTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.TryAddSingleton<HotlineMetrics>();
        if (HotlineTelemetry.ExportsOtlp(configuration))
        {
            services.AddHotlineOpenTelemetry(configuration);
        }

        return services;
    }

    /// <summary>
    /// <see cref="AddHotlineSiloTelemetry(IServiceCollection, IConfiguration)"/>, and when traces
    /// are exported, the trace context carried through grain calls so one request is one trace.
    /// </summary>
    public static ISiloBuilder AddHotlineSiloTelemetry(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddHotlineSiloTelemetry(configuration);
        if (HotlineTelemetry.ExportsOtlp(configuration) && FirstPropagation(silo.Services))
        {
            silo.AddActivityPropagation();
        }

        return silo;
    }

    /// <summary>A gateway in client mode: the trace context goes with its grain calls to the silos.</summary>
    public static IClientBuilder AddHotlineClientTelemetry(this IClientBuilder client, IConfiguration configuration)
    {
        if (HotlineTelemetry.ExportsOtlp(configuration) && FirstPropagation(client.Services))
        {
            client.AddActivityPropagation();
        }

        return client;
    }

    // Orleans adds its propagation filters again on every call; twice would double each span.
    private static bool FirstPropagation(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PropagationAdded)))
        {
            return false;
        }

        services.AddSingleton<PropagationAdded>();
        return true;
    }

    private sealed class PropagationAdded;
}
