using System.Net;
using System.Net.Sockets;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Hotline.Api.V1;
using Hotline.Gateway.Hosting;
using Hotline.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Hotline.Tests.Supervision;

/// <summary>
/// Two gateways in front of one cluster: the embedded hotline, and a second gateway process
/// host in Client mode that reaches the same silo over Orleans. Whichever gateway a person is
/// connected to, they see the same thing.
/// </summary>
public sealed class TwoGatewayTests : IAsyncLifetime
{
    private const string Shirvan = "mountainous-shirvan";
    private HotlineHost _first = null!;
    private WebApplication _second = null!;
    private GrpcChannel _secondChannel = null!;
    private HotlineClients _onSecond = null!;

    public async Task InitializeAsync()
    {
        var siloGateway = FreePort();
        _first = await HotlineHost.StartAsync(null, null, $"--Hotline:Cluster:GatewayPort={siloGateway}", "--Hotline:Cluster:AcceptClientGateways=true");
        // The embedded silo's own certificate, made in the key folder at its first start.
        var certificates = Path.Combine(_first.DataDirectory, "keys", "cluster");
        _second = HotlineGateway.Build(
        [
            "--Hotline:Cluster:Mode=Client",
            $"--Hotline:Cluster:Tls:Certificate={Path.Combine(certificates, "hotline-embedded.pem")}",
            $"--Hotline:Cluster:Tls:Key={Path.Combine(certificates, "hotline-embedded.key")}",
            $"--Hotline:Cluster:Tls:Authority={Path.Combine(certificates, "authority.pem")}",
            $"--Hotline:Cluster:Gateways:0=127.0.0.1:{siloGateway}",
            // The same key folder: tokens signed for the first gateway are good on the second.
            $"--Hotline:Storage:DataDirectory={_first.DataDirectory}",
            "--Kestrel:EndpointDefaults:Protocols=Http2",
            // No scrape endpoint: the fixed default port would collide with tests running beside it.
            "--Hotline:Telemetry:MetricsUrl=",
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _second.StartAsync();
        _secondChannel = GrpcChannel.ForAddress(LoopbackSettings.Address(_second));
        _onSecond = new HotlineClients(_secondChannel.Intercept(new BearerTokens(request =>
            BearerTokens.ActingResponder(request) is { } responder ? _first.Token(HotlineHost.ResponderClaims(responder)) : _first.Token(HotlineHost.Staff))));
    }

    public async Task DisposeAsync()
    {
        _secondChannel.Dispose();
        await _second.StopAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task AResponderOnOneGatewayIsOfferedAContactOpenedOnTheOther()
    {
        await _onSecond.Responders.UpsertResponderAsync(Requests.Responder("shirvan-1", Shirvan));
        await _onSecond.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Available });
        await using var responder = await ResponderSession.ConnectAsync(_onSecond.Responders, "shirvan-1");

        var contact = await _first.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        var offer = await responder.NextOfferAsync(contact.ContactId);
        Assert.Equal("Caller reports passport taken by employer", offer.Summary);
        await _onSecond.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = contact.ContactId });

        // Both gateways report the same figures, and the case reads the same through either.
        await using var watchFirst = new LiveStream<QueueUpdate>(_first.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { Shirvan } }), "the first gateway's stream");
        await using var watchSecond = new LiveStream<QueueUpdate>(_onSecond.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { Shirvan } }), "the second gateway's stream");
        var onFirst = (await watchFirst.NextAsync(_ => true, "the snapshot")).Snapshot.Regions.Single();
        var onSecond = (await watchSecond.NextAsync(_ => true, "the snapshot")).Snapshot.Regions.Single();
        Assert.Equal((1, 1, 1), (onFirst.Connected, onFirst.Today.Entered, onFirst.Today.Answered));
        Assert.Equal((onFirst.Connected, onFirst.Today.Entered, onFirst.Today.Answered), (onSecond.Connected, onSecond.Today.Entered, onSecond.Today.Answered));

        var viaSecond = await _onSecond.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId });
        Assert.Equal("shirvan-1", viaSecond.OwnerResponderId);
        var listed = await _onSecond.Cases.ListCasesAsync(new ListCasesRequest { Regions = { Shirvan } });
        Assert.Equal([contact.CaseId], listed.Cases.Select(c => c.CaseId));

        // A crisis opened on one gateway alerts a supervisor watching on the other.
        var crisis = await _first.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", urgency: Urgency.ImminentDanger));
        await watchSecond.NextAsync(u => u.Alert?.ContactId == crisis.ContactId, "the alert on the second gateway");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
