using Hotline.Gateway.Telemetry;
using Hotline.Hosting;

namespace Hotline.Gateway.Hosting;

/// <summary>
/// One line once the gateway listens, for the person who started it: where to point a client,
/// and where the hotline keeps its data (the embedded file) or which cluster it fronts.
/// </summary>
public static partial class ReadyLine
{
    public static void Register(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() => Say(app));

    private static void Say(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hotline");
        var metrics = GatewayTelemetry.MetricsUrl(app.Configuration);
        var addresses = string.Join(", ", app.Urls.Where(u => metrics is null || !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Port != metrics.Port));
        var cluster = ClusterSettings.From(app.Configuration);
        if (cluster.Mode == HostingMode.Client)
        {
            LogGatewayReady(logger, addresses, cluster.ClusterId);
        }
        else
        {
            var data = DataFolder.Of(app.Configuration);
            LogReady(logger, addresses, data);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hotline ready on {Addresses} (data: {DataDirectory})")]
    private static partial void LogReady(ILogger logger, string addresses, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hotline gateway ready on {Addresses}, in front of cluster {ClusterId}")]
    private static partial void LogGatewayReady(ILogger logger, string addresses, string clusterId);
}
