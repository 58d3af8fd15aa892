using System.Reflection;
using Hotline.Ports;
using Hotline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Hotline.Telemetry;

/// <summary>
/// OpenTelemetry shared by every hotline process: the hotline's meters, Orleans and the .NET
/// runtime, exported over OTLP when an endpoint is configured (section <c>Hotline:Telemetry</c>,
/// or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Traces are collected only then.
/// </summary>
public static class HotlineTelemetry
{
    public const string Section = "Hotline:Telemetry";

    /// <summary>The meter of the Orleans runtime (see <c>Orleans.Runtime.OrleansInstruments</c>).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    private const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Grain calls, activations and storage. The runtime source is left out: membership and
    /// directory traffic would start a trace every few seconds.
    /// </summary>
    private static readonly string[] OrleansSources =
    [
        ActivitySources.ApplicationGrainActivitySourceName,
        ActivitySources.LifecycleActivitySourceName,
        ActivitySources.StorageActivitySourceName,
    ];

    /// <summary>True when traces and metrics go out over OTLP.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:OtlpEndpoint"]) || !string.IsNullOrWhiteSpace(configuration[StandardEndpoint]);

    /// <summary>
    /// Adds the shared OpenTelemetry setup once per container (the embedded gateway and its
    /// silo share one) and returns a builder for the caller's own additions.
    /// </summary>
    public static OpenTelemetryBuilder AddHotlineOpenTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddOpenTelemetry();
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return builder;
        }

        services.AddSingleton<Registered>();
        var otlp = ExportsOtlp(configuration);
        var endpoint = configuration[$"{Section}:OtlpEndpoint"] is { Length: > 0 } configured ? new Uri(configured, UriKind.Absolute) : null;
        builder.ConfigureResource(resource => resource.AddService(ServiceName(configuration)));
        builder.WithMetrics(metrics =>
        {
            metrics.AddMeter(HotlineMetrics.MeterName, StorageCounters.MeterName, OrleansMeterName).AddRuntimeInstrumentation();
            if (otlp)
            {
                metrics.AddOtlpExporter(o => UseEndpoint(o, endpoint, "v1/metrics"));
            }
        });
        if (otlp)
        {
            builder.WithTracing(tracing => tracing
                .AddSource(OrleansSources)
                .AddProcessor(new ExceptionDetailScrubber())
                .AddOtlpExporter(o => UseEndpoint(o, endpoint, "v1/traces")));
        }

        return builder;
    }

    /// <summary>
    /// <c>OTEL_SERVICE_NAME</c> when set, else the process: <c>hotline-gateway</c> or <c>hotline-silo</c>.
    /// </summary>
    private static string ServiceName(IConfiguration configuration) =>
        configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name
            ? name
            : (Assembly.GetEntryAssembly()?.GetName().Name ?? "hotline").Replace('.', '-').ToLowerInvariant();

    /// <summary>
    /// The hotline setting names the collector's base address; over HTTP each signal has its
    /// own path under it (the standard variable gets this from the exporter itself).
    /// </summary>
    private static void UseEndpoint(OtlpExporterOptions options, Uri? endpoint, string signalPath)
    {
        if (endpoint is null)
        {
            return;
        }

        options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }

    /// <summary>Marks a container that has the shared setup.</summary>
    private sealed class Registered;
}
