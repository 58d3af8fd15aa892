using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hotline.Gateway.Hosting;

/// <summary>
/// Settings for a private embedded hotline on loopback (test hosts, the load driver): its own
/// data folder, free ports for the silo, and an HTTP/2 gateway on a port the OS picks.
/// </summary>
public static class LoopbackSettings
{
    public static string[] Arguments(string dataDirectory) =>
    [
        $"--Hotline:Storage:DataDirectory={dataDirectory}",
        $"--Hotline:Cluster:SiloPort={FreePort()}",
        $"--Hotline:Cluster:GatewayPort={FreePort()}",
        $"--Hotline:Telemetry:MetricsUrl=http://127.0.0.1:{FreePort()}",
        "--Kestrel:EndpointDefaults:Protocols=Http2",
        "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
        "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>The address the started gateway takes gRPC calls on (not its metrics port).</summary>
    public static string Address(WebApplication app)
    {
        var metrics = Telemetry.GatewayTelemetry.MetricsUrl(app.Configuration)?.Port;
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => new Uri(a.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)).Port != metrics);
    }

    /// <summary>
    /// A port free now, below the kernel's range for outgoing connections (32768 and up on
    /// Linux): an outgoing connection cannot take it between this check and the bind.
    /// </summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = System.Security.Cryptography.RandomNumberGenerator.GetInt32(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }
}
