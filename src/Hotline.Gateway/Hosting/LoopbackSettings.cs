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
        "--Kestrel:EndpointDefaults:Protocols=Http2",
        "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
        "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>The address the started gateway listens on.</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
