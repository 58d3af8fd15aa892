using Hotline.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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

    /// <summary>Where Prometheus scrapes: its own port, loopback unless configured; empty turns it off.</summary>
    public const string MetricsUrlSetting = "Hotline:Telemetry:MetricsUrl";

    public const string DefaultMetricsUrl = "http://127.0.0.1:9464";

    /// <summary>The scrape endpoint's address, or null when turned off.</summary>
    public static Uri? MetricsUrl(IConfiguration configuration)
    {
        var value = configuration[MetricsUrlSetting] ?? DefaultMetricsUrl;
        if (value.Length == 0)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp && url.Port is > 0 and < 65536 && url.AbsolutePath == "/"
            ? url
            : throw new InvalidOperationException($"{MetricsUrlSetting} must be http://address:port (a port of its own, not the gRPC one), or empty to turn the scrape endpoint off");
    }

    public static WebApplicationBuilder AddHotlineTelemetry(this WebApplicationBuilder builder)
    {
        if (MetricsUrl(builder.Configuration) is { } metrics)
        {
            // A port of its own, plain HTTP/1.1 as Prometheus scrapes: live figures per region
            // stay off the gRPC port, which may face the internet.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ListenAddress(metrics.Host), metrics.Port, o => o.Protocols = HttpProtocols.Http1));
        }

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
    /// Serves the Prometheus scrape endpoint on the metrics port and nothing else there; it is
    /// open without a token, like the health checks: counts and timings by region, channel and
    /// kind, nothing about a person. Runs before authentication and routing.
    /// </summary>
    public static WebApplication UseHotlineMetricsPort(this WebApplication app)
    {
        if (MetricsUrl(app.Configuration) is not { } metrics)
        {
            return app;
        }

        app.UseWhen(context => context.Connection.LocalPort == metrics.Port, port =>
        {
            port.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == ScrapePath);
            port.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }

    private static System.Net.IPAddress ListenAddress(string host) => host switch
    {
        "localhost" => System.Net.IPAddress.Loopback,
        "0.0.0.0" or "*" or "+" => System.Net.IPAddress.Any,
        _ => System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? address
            : throw new InvalidOperationException($"{MetricsUrlSetting} must name an IP address (or localhost) to listen on"),
    };

    /// <summary>Scrapes and health probes would drown the traces of calls people make.</summary>
    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments(ScrapePath, StringComparison.Ordinal)
        && !context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        && !context.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);
}
