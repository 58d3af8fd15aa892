using Hotline.Hosting;
using Microsoft.Extensions.Logging;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Hotline.Tests.Cluster;

/// <summary>
/// A gateway in Client mode, in the test process, in front of silo processes that it finds
/// through the shared PostgreSQL database; with clients whose tokens are signed in the cluster's token folder.
/// </summary>
public sealed class ClusterGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Task _starting;
    private readonly TokenIssuer _issuer;

    private ClusterGateway(WebApplication app, Task starting, GrpcChannel channel, TokenIssuer issuer)
    {
        _app = app;
        _starting = starting;
        _issuer = issuer;
        Channel = channel;
        Staff = As(HotlineHost.Staff);
        Health = new Health.HealthClient(channel);
    }

    public GrpcChannel Channel { get; }

    public HotlineClients Staff { get; }

    public Health.HealthClient Health { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the gateway on <paramref name="keyDirectory"/> (the public token key is all it
    /// needs); it listens at once and reaches the silos when they are there. Its clients' tokens
    /// come from <paramref name="issuer"/>, which holds the private key elsewhere.
    /// </summary>
    public static async Task<ClusterGateway> StartAsync(string connectionString, string keyDirectory, TokenIssuer issuer, ClusterTlsSettings tls, CapturedLogs? logs = null)
    {
        var app = HotlineGateway.Build(
        [
            "--Hotline:Cluster:Mode=Client",
            $"--Hotline:Cluster:Tls:Certificate={tls.Certificate}",
            $"--Hotline:Cluster:Tls:Key={tls.Key}",
            $"--Hotline:Cluster:Tls:Authority={tls.Authority}",
            "--Hotline:Storage:Provider=Postgres",
            $"--Hotline:Storage:ConnectionString={connectionString}",
            $"--Hotline:Security:KeyDirectory={keyDirectory}",
            $"--Hotline:Storage:DataDirectory={keyDirectory}",
            "--Hotline:Limits:IntakePerMinute=100000",
            "--Hotline:Limits:CallsPerMinute=100000",
            "--Hotline:Limits:StreamsPerCaller=10000",
            // No scrape endpoint: the fixed default port would collide with tests running beside it.
            "--Hotline:Telemetry:MetricsUrl=",
            "--Kestrel:EndpointDefaults:Protocols=Http2",
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
        ], builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });
        var starting = app.StartAsync();
        string? address = null;
        for (var i = 0; i < 300 && address is null; i++)
        {
            try
            {
                address = LoopbackSettings.Address(app);
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException)
            {
                await Task.Delay(100);
            }
        }

        return new ClusterGateway(app, starting, GrpcChannel.ForAddress(address ?? throw new TimeoutException("the gateway did not listen")), issuer);
    }

    public HotlineClients As(TokenClaims claims)
    {
        var token = _issuer.Issue(claims, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        return new HotlineClients(Channel.Intercept(new BearerTokens(_ => token)));
    }

    /// <summary>Clients whose responder requests carry that responder's token, the rest staff's.</summary>
    public HotlineClients ForResponders()
    {
        var issuer = _issuer;
        var staff = issuer.Issue(HotlineHost.Staff, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        return new HotlineClients(Channel.Intercept(new BearerTokens(request =>
            BearerTokens.ActingResponder(request) is { } r ? issuer.Issue(HotlineHost.ResponderClaims(r), DateTimeOffset.UtcNow, TimeSpan.FromHours(1)) : staff)));
    }

    /// <summary>Waits until gRPC health says SERVING (a silo answers).</summary>
    public async Task WaitServingAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (await StatusAsync() == HealthCheckResponse.Types.ServingStatus.Serving)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the gateway never reported SERVING");
    }

    public async Task<HealthCheckResponse.Types.ServingStatus> StatusAsync()
    {
        try
        {
            return (await Health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).Status;
        }
        catch (Grpc.Core.RpcException)
        {
            return HealthCheckResponse.Types.ServingStatus.Unknown;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _starting.ContinueWith(_ => { }, TaskScheduler.Default);
        await _app.DisposeAsync();
    }
}
