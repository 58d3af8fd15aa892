using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Security;

/// <summary>Says, at every start, that the development switch left the cluster's connections in the clear.</summary>
internal sealed partial class InsecureTransportWarning(ILogger<InsecureTransportWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogInsecure(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Orleans connections between the hotline's processes are NOT encrypted or authenticated (Hotline:Cluster:AllowInsecureTransport): development on one machine only")]
    private static partial void LogInsecure(ILogger logger);
}
