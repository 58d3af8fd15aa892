using Grpc.Net.Client;

namespace Hotline.Bench;

/// <summary>The one way this driver talks to a hotline: h2c over loopback (or the given address).</summary>
public static class BenchChannel
{
    /// <summary>
    /// Hundreds of open offer streams exceed the 100 concurrent streams one HTTP/2 connection
    /// allows, so the handler may open more connections. Every phase, the health floor
    /// included, uses a channel built here.
    /// </summary>
    public static GrpcChannel Create(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        },
        DisposeHttpClient = true,
    });
}
