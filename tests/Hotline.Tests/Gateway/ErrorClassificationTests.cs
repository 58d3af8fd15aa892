using Grpc.Core;
using Hotline.Errors;
using Hotline.Gateway.Errors;
using Orleans.Storage;

namespace Hotline.Tests.Gateway;

/// <summary>How the one error interceptor turns what a grain call threw into a gRPC status.</summary>
public sealed class ErrorClassificationTests
{
    private readonly DomainErrorInterceptor _interceptor = FailoverRetryTests.Interceptor(TimeSpan.Zero);

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
    public async Task AGrainCallTheClusterCancelledWhileTheCallerWaitsIsUnavailable() =>
        Assert.Equal(StatusCode.Unavailable, (await StatusOfAsync(new OperationCanceledException())).StatusCode);

    [Fact]
    public async Task ACallTheCallerLeftStaysCancelled()
    {
        using var left = new CancellationTokenSource();
        await left.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _interceptor.UnaryServerHandler<string, string>("request",
            new TestCallContext("/hotline.v1.CaseService/GetCase", cancellationToken: left.Token), (_, _) => Task.FromException<string>(new OperationCanceledException(left.Token))));
    }

    [Fact]
    public async Task ADomainRefusalKeepsItsOwnStatus() =>
        Assert.Equal(StatusCode.NotFound, (await StatusOfAsync(new NotFoundException("case", "c-1"))).StatusCode);

    [Theory]
    [InlineData("ToResponderId", "to_responder_id")]
    [InlineData("Consents.ContactBack", "consents.contact_back")]
    [InlineData("CaseId", "case_id")]
    public async Task ADomainFieldIsNamedAsTheApiNamesIt(string domainField, string apiField)
    {
        var invalid = await Assert.ThrowsAsync<RpcException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", new TestCallContext("/hotline.v1.CaseService/GetCase"), (_, _) => Task.FromException<string>(new InvalidFieldException(domainField, "a rule"))));
        var failed = await StatusOfAsync(new FailedPreconditionException(domainField, "a reason"));
        var denied = await StatusOfAsync(new PermissionDeniedException(domainField));

        var violation = Assert.Single(invalid.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations);
        Assert.Equal((apiField, "a rule"), (violation.Field, violation.Description));
        Assert.Equal(($"{apiField}: a reason", StatusCode.FailedPrecondition), (failed.Detail, failed.StatusCode));
        Assert.Equal($"{apiField}: not within your access", denied.Detail);
    }

    [Fact]
    public async Task AFaultOfTheHotlinesOwnIsNotPassedOffAsUnavailable()
    {
        var fault = new InvalidOperationException("a bug");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", new TestCallContext("/hotline.v1.CaseService/GetCase"), (_, _) => Task.FromException<string>(fault)));

        Assert.Same(fault, thrown);
    }

    private async Task<Status> StatusOfAsync(Exception exception)
    {
        var thrown = await Assert.ThrowsAsync<RpcException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", new TestCallContext("/hotline.v1.CaseService/GetCase"), (_, _) => Task.FromException<string>(exception)));
        return thrown.Status;
    }
}
