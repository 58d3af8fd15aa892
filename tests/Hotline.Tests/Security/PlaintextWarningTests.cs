using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Security;

/// <summary>Plain HTTP beyond loopback is allowed but never silent.</summary>
public sealed class PlaintextWarningTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0", true)]
    [InlineData("http://127.0.0.1:0", false)]
    public async Task ListeningWithoutTlsBeyondLoopbackIsLoggedAsCritical(string url, bool warned)
    {
        var logs = new CapturedLogs();
        await using (await HotlineHost.StartAsync(null, null, b => b.Logging.AddProvider(logs), $"--Kestrel:Endpoints:Grpc:Url={url}"))
        {
        }

        Assert.Equal(warned, logs.Lines.Any(l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("INSECURE", StringComparison.Ordinal)));
    }
}
