using Grpc.Health.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

public sealed class HealthTests : HostedTest
{
    [Fact]
    public async Task HealthCheckReportsServingOnceStarted()
    {
        var health = new Health.HealthClient(Host.Channel);
        var reply = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
