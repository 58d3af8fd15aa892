using Grpc.AspNetCore.Server;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Security;
using Hotline.Gateway.Services;
using Hotline.Gateway.Validation;
using Hotline.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotline.Gateway.Hosting;

/// <summary>Builds the gateway: gRPC services in front, an embedded silo behind.</summary>
public static class HotlineGateway
{
    /// <summary>Largest request the gateway reads; the biggest legitimate one is a few kilobytes.</summary>
    public const int MaxRequestBytes = 64 * 1024;

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
        }
        else
        {
            builder.UseOrleans(silo => silo.AddHotlineSilo(builder.Configuration));
        }

        builder.Services.AddHotlineCore(builder.Configuration);
        builder.AddHotlineSecurity();
        builder.Services.AddGrpc(options => ConfigureGrpc(options));
        // gRPC health reports SERVING once the host has started (the embedded silo starts
        // first), so probes such as grpc_health_probe see a live gateway.
        builder.Services.AddGrpcHealthChecks().AddCheck("gateway", () => HealthCheckResult.Healthy());
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<RequestValidator>();
        builder.Services.AddSingleton<CaseRequestValidator>();
        builder.Services.AddSingleton<SupervisorRequestValidator>();
        return builder;
    }

    /// <summary>Maps every hotline service plus health (open to all) and reflection (signed-in callers).</summary>
    public static WebApplication MapHotline(this WebApplication app)
    {
        app.UseHotlineSecurity();
        app.MapGrpcService<IntakeService>();
        app.MapGrpcService<ResponderService>();
        app.MapGrpcService<CaseService>();
        app.MapGrpcService<SupervisorService>();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService();
        return app;
    }

    private static void ConfigureGrpc(GrpcServiceOptions options)
    {
        options.Interceptors.Add<DomainErrorInterceptor>();
        options.MaxReceiveMessageSize = MaxRequestBytes;
        options.EnableDetailedErrors = false;
    }
}
