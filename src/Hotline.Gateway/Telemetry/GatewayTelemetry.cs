using Hotline.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hotline.Gateway.Telemetry;

/// <summary>
/// The gateway's telemetry: the shared hotline setup (<see cref="HotlineTelemetry"/>) plus
/// ASP.NET Core and gRPC requests, and a Prometheus scrape endpoint at <c>/metrics</c>.
/// </summary>
public static class GatewayTelemetry
{
    public const string ScrapePath = "/metrics";

    /// <summary>Lets the ASP.NET Core instrumentation name spans after the gRPC method and add its status.</summary>
    private const string GrpcSpansFlag = "OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_ENABLE_GRPC_INSTRUMENTATION";

    public static WebApplicationBuilder AddHotlineTelemetry(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[GrpcSpansFlag] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(GrpcSpansFlag, "true")]);
        }

        var telemetry = builder.Services.AddHotlineOpenTelemetry(builder.Configuration)
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        if (HotlineTelemetry.ExportsOtlp(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = IsTraced));
        }

        return builder;
    }

    /// <summary>
    /// Maps the Prometheus scrape endpoint, open without a token like the health checks: it
    /// carries counts and timings by region, channel and kind, nothing about a person.
    /// </summary>
    public static WebApplication MapHotlineTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(ScrapePath).DisableHttpMetrics().AllowAnonymous();
        return app;
    }

    /// <summary>Scrapes and health probes would drown the traces of calls people make.</summary>
    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments(ScrapePath, StringComparison.Ordinal)
        && !context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        && !context.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);
}
