using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Gateway;

/// <summary>The person who starts the hotline is told, once, where it listens and where its data is.</summary>
public sealed class ReadyLineTests
{
    [Fact]
    public async Task StartingSaysWhereItListensAndWhereTheDataIs()
    {
        var logs = new CapturedLogs();
        await using var host = await HotlineHost.StartAsync(null, null, b => b.Logging.AddProvider(logs), "--Logging:LogLevel:Hotline=Information");
        var port = new Uri(host.Channel.Target.Contains("://", StringComparison.Ordinal) ? host.Channel.Target : $"http://{host.Channel.Target}").Port;

        var ready = Assert.Single(logs.Lines, l => l.Contains("Hotline ready on", StringComparison.Ordinal));

        Assert.Contains($"Hotline ready on http://127.0.0.1:{port} (data: {Path.GetFullPath(host.DataDirectory)})", ready, StringComparison.Ordinal);
    }
}
