using Grpc.Core;
using Hotline.Errors;
using Hotline.Gateway.Errors;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Hotline.Tests.Gateway;

/// <summary>How the one error interceptor turns what a grain call threw into a gRPC status.</summary>
public sealed class ErrorClassificationTests
{
    private readonly DomainErrorInterceptor _interceptor = new(new ServiceCollection().BuildServiceProvider());

    [Fact]
    public async Task AnOrleansFailureFromAnotherSiloIsUnavailableThoughItCarriesNoSource()
    {
        // Thrown on a silo and deserialized here: no stack, so no Source to go by.
        var remote = new InconsistentStateException("the record changed under a second activation");
        Assert.Null(remote.Source);

        var status = await StatusOfAsync(remote);

        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.Contains("retry", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimeoutIsUnavailable() =>
        Assert.Equal(StatusCode.Unavailable, (await StatusOfAsync(new TimeoutException())).StatusCode);

    [Fact]
    public async Task ADomainRefusalKeepsItsOwnStatus() =>
        Assert.Equal(StatusCode.NotFound, (await StatusOfAsync(new NotFoundException("case", "c-1"))).StatusCode);

    [Fact]
    public async Task AFaultOfTheHotlinesOwnIsNotPassedOffAsUnavailable()
    {
        var fault = new InvalidOperationException("a bug");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", null!, (_, _) => Task.FromException<string>(fault)));

        Assert.Same(fault, thrown);
    }

    private async Task<Status> StatusOfAsync(Exception exception)
    {
        var thrown = await Assert.ThrowsAsync<RpcException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", null!, (_, _) => Task.FromException<string>(exception)));
        return thrown.Status;
    }
}
