using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Gateway;

/// <summary>A gateway that stops ends its live streams with a status that tells clients to reconnect.</summary>
public sealed class GatewayStopTests
{
    [Fact]
    public async Task StoppingEndsResponderAndSupervisorStreamsWithUnavailable()
    {
        var host = await HotlineHost.StartAsync();
        try
        {
            await host.Responders.UpsertResponderAsync(Requests.Responder("shirvan-1", "mountainous-shirvan"));
            // A channel of the test's own: the host closes its clients' channel when it stops.
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(host.Address);
            var responder = host.Token(HotlineHost.ResponderClaims("shirvan-1"));
            var staff = host.Token(HotlineHost.Staff);
            var clients = new HotlineClients(Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(channel.CreateCallInvoker(),
                new BearerTokens(r => BearerTokens.ActingResponder(r) is not null ? responder : staff)));
            using var offers = clients.Responders.WatchOffers(new WatchOffersRequest { ResponderId = "shirvan-1" });
            using var queues = clients.Supervisor.WatchQueues(new WatchQueuesRequest());
            Assert.True(await offers.ResponseStream.MoveNext(CancellationToken.None));
            Assert.True(await queues.ResponseStream.MoveNext(CancellationToken.None));

            var stopping = host.StopAsync();
            var offerEnd = await Assert.ThrowsAsync<RpcException>(() => DrainAsync(offers.ResponseStream));
            var queueEnd = await Assert.ThrowsAsync<RpcException>(() => DrainAsync(queues.ResponseStream));
            await stopping;

            Assert.Equal(StatusCode.Unavailable, offerEnd.StatusCode);
            Assert.Contains("reconnect", offerEnd.Status.Detail, StringComparison.Ordinal);
            Assert.Equal((StatusCode.Unavailable, Hotline.Gateway.Hosting.GatewayLifetime.ReconnectMessage), (queueEnd.StatusCode, queueEnd.Status.Detail));
        }
        finally
        {
            HotlineHost.TryDelete(host.DataDirectory);
        }
    }

    private static async Task DrainAsync<T>(IAsyncStreamReader<T> stream)
    {
        while (await stream.MoveNext(CancellationToken.None))
        {
        }
    }
}
