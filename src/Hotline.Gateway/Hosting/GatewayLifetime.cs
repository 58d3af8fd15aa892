using Grpc.Core;

namespace Hotline.Gateway.Hosting;

/// <summary>
/// Ends live streams when the gateway stops, with UNAVAILABLE and a message saying to
/// reconnect, so a client moves to another gateway and resumes (responders from the last
/// sequence they saw) instead of taking the end of the stream for the end of work.
/// </summary>
public sealed class GatewayLifetime(IHostApplicationLifetime lifetime)
{
    public const string ReconnectMessage = "the gateway is shutting down: reconnect (to another gateway) and resume";

    /// <summary>A token cancelled when the call ends or the gateway begins to stop.</summary>
    public CancellationTokenSource Link(ServerCallContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);

    /// <summary>Throws UNAVAILABLE if the stream is ending because the gateway stops (not because the client left).</summary>
    public void ThrowIfStopping(ServerCallContext context)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ReconnectMessage));
        }
    }
}
