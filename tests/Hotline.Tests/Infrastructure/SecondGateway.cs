using System.Net;
using System.Net.Sockets;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Microsoft.AspNetCore.Builder;

namespace Hotline.Tests.Infrastructure;

/// <summary>
/// A second gateway in Client mode in front of an embedded hotline's silo, as a cluster's second
/// gateway process would be: its own memory, the same cluster and token key.
/// </summary>
public sealed class SecondGateway : IAsyncDisposable
{
    private readonly HotlineHost _first;
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private SecondGateway(HotlineHost first, WebApplication app)
    {
        _first = first;
        _app = app;
        _channel = GrpcChannel.ForAddress(LoopbackSettings.Address(app));
    }

    /// <summary>The settings an embedded hotline needs so a second gateway can attach (its silo's client port).</summary>
    public static string[] HostSettings() => [$"--Hotline:Cluster:GatewayPort={FreePort()}", "--Hotline:Cluster:AcceptClientGateways=true"];

    public static async Task<SecondGateway> StartAsync(HotlineHost first, params string[] settings)
    {
        // The embedded silo's own certificate, made in the key folder at its first start.
        var certificates = Path.Combine(first.DataDirectory, "keys", "cluster");
        var app = HotlineGateway.Build(
        [
            "--Hotline:Cluster:Mode=Client",
            $"--Hotline:Cluster:Tls:Certificate={Path.Combine(certificates, "hotline-embedded.pem")}",
            $"--Hotline:Cluster:Tls:Key={Path.Combine(certificates, "hotline-embedded.key")}",
            $"--Hotline:Cluster:Tls:Authority={Path.Combine(certificates, "authority.pem")}",
            $"--Hotline:Cluster:Gateways:0=127.0.0.1:{first.Configuration["Hotline:Cluster:GatewayPort"]}",
            // The same key folder: tokens signed for the first gateway are good on the second.
            $"--Hotline:Storage:DataDirectory={first.DataDirectory}",
            "--Kestrel:EndpointDefaults:Protocols=Http2",
            // No scrape endpoint: the fixed default port would collide with tests running beside it.
            "--Hotline:Telemetry:MetricsUrl=",
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Hotline:Limits:CallsPerMinute=100000",
            .. settings,
        ]);
        await app.StartAsync();
        return new SecondGateway(first, app);
    }

    /// <summary>This gateway's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Clients on this gateway acting as the staff, or as the responder a request names.</summary>
    public HotlineClients AsStaff() => new(_channel.Intercept(new BearerTokens(request =>
        BearerTokens.ActingResponder(request) is { } responder ? _first.Token(HotlineHost.ResponderClaims(responder)) : _first.Token(HotlineHost.Staff))));

    /// <summary>Clients on this gateway sending <paramref name="token"/>.</summary>
    public HotlineClients With(string token) => new(_channel.Intercept(new BearerTokens(_ => token)));

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
