using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Security;

/// <summary>Plain HTTP is for loopback; beyond it only with an explicit switch, and never silently.</summary>
public sealed class PlaintextWarningTests
{
    [Theory]
    [InlineData("--Kestrel:Endpoints:Grpc:Url=http://0.0.0.0:0")]
    [InlineData("--http_ports=0")]
    public async Task PlainHttpBeyondLoopbackIsRefusedAtStart(string setting)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => HotlineHost.StartAsync(null, null, setting));
        Assert.Contains("without TLS", refused.Message);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0", true)]
    [InlineData("http://127.0.0.1:0", false)]
    public async Task PlainHttpBeyondLoopbackBehindAProxyIsLoggedAsCritical(string url, bool warned)
    {
        var logs = new CapturedLogs();
        await using (await HotlineHost.StartAsync(null, null, b => b.Logging.AddProvider(logs), $"--Kestrel:Endpoints:Grpc:Url={url}", "--Hotline:Security:AllowPlaintextBehindProxy=true"))
        {
        }

        Assert.Equal(warned, logs.Lines.Any(l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("INSECURE", StringComparison.Ordinal)));
    }
}
