using Grpc.AspNetCore.Server;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Security;
using Hotline.Gateway.Services;
using Hotline.Gateway.Validation;
using Hotline.Hosting;
using Orleans.Dashboard;
using Hotline.Gateway.Health;
using Hotline.Gateway.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Hotline.Gateway.Hosting;

/// <summary>Builds the gateway: gRPC services in front, an embedded silo behind.</summary>
public static class HotlineGateway
{
    /// <summary>Largest request the gateway reads; the biggest legitimate one is a few kilobytes.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    private const string ReadyTag = "ready";

    private static readonly string[] PersonalDashboardViews = ["/dashboard/GrainState", "/dashboard/Trace"];

    /// <summary>The app as <c>dotnet run</c> starts it; <paramref name="configure"/> lets a host adjust services first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings ship beside the binary; the working directory is only where ./data goes.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddHotlineGateway();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapHotline();
        return app;
    }

    /// <summary>
    /// gRPC behind token checks, health, reflection, and a silo in the same process (embedded
    /// mode) or an Orleans client of silos elsewhere (<c>Hotline:Cluster:Mode=Client</c>).
    /// </summary>
    public static WebApplicationBuilder AddHotlineGateway(this WebApplicationBuilder builder)
    {
        if (ClusterSettings.From(builder.Configuration).Mode == HostingMode.Client)
        {
            builder.UseOrleansClient(client => client.AddHotlineClient(builder.Configuration));
            // The client keeps trying to reach the silos; the gRPC endpoint starts meanwhile and
            // reports NOT_SERVING until they answer.
            builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        }
        else
        {
            builder.UseOrleans(silo => silo.AddHotlineSilo(builder.Configuration));
        }

        builder.Services.AddHotlineCore(builder.Configuration);
        builder.AddHotlineSecurity();
        builder.Services.AddGrpc(options => ConfigureGrpc(options));
        // gRPC health and /healthz/ready report serving only while a grain call reaches a silo;
        // /healthz/live only that the process answers.
        builder.Services.AddSingleton<RoutingEngineHealthCheck>();
        builder.Services.AddGrpcHealthChecks().AddCheck<RoutingEngineHealthCheck>("routing-engine", tags: [ReadyTag]);
        // The check says itself, once, when the gateway waits for silos; the health-check service
        // would log an error line for every check that finds them not yet up.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        builder.Services.AddSingleton<GatewayLifetime>();
        builder.Services.AddSingleton(sp => new FailoverRetry(ClusterSettings.From(builder.Configuration),
            sp.GetRequiredKeyedService<TimeProvider>(Domain.HotlineClock.ServiceKey), sp.GetRequiredService<ILogger<FailoverRetry>>()));
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<RequestValidator>();
        builder.Services.AddSingleton<CaseRequestValidator>();
        builder.Services.AddSingleton<SupervisorRequestValidator>();
        builder.AddHotlineTelemetry();
        return builder;
    }

    /// <summary>Maps every hotline service plus health (open to all) and reflection (signed-in callers).</summary>
    public static WebApplication MapHotline(this WebApplication app)
    {
        app.UseHotlineMetricsPort();
        app.UseHotlineSecurity();
        app.UseMiddleware<Validation.DecodableRequests>();
        app.MapGrpcService<IntakeService>();
        app.MapGrpcService<ResponderService>();
        app.MapGrpcService<CaseService>();
        app.MapGrpcService<SupervisorService>();
        app.MapGrpcService<StaffService>();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapGrpcReflectionService();
        if (DashboardSettings.IsEnabled(app.Configuration))
        {
            // Grain and silo figures, for admins only. Its grain-state and log views would show
            // what grains hold in memory (survivors' records among it): those are refused.
            app.MapOrleansDashboard("/dashboard")
                .RequireAuthorization(p => p.RequireRole(HotlineClaims.Admin))
                .AddEndpointFilter(async (context, next) => PersonalDashboardViews.Any(v => context.HttpContext.Request.Path.StartsWithSegments(v, StringComparison.OrdinalIgnoreCase))
                    ? Results.NotFound()
                    : await next(context));
        }
        ReadyLine.Register(app);
        return app;
    }

    private static void ConfigureGrpc(GrpcServiceOptions options)
    {
        options.Interceptors.Add<DomainErrorInterceptor>();
        options.Interceptors.Add<RevokedStreams>();
        options.MaxReceiveMessageSize = MaxRequestBytes;
        options.EnableDetailedErrors = false;
    }
}
