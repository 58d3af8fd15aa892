using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

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
    private SecondGateway _second = null!;
    private HotlineClients _onSecond = null!;

    public async Task InitializeAsync()
    {
        _first = await HotlineHost.StartAsync(null, null, SecondGateway.HostSettings());
        _second = await SecondGateway.StartAsync(_first);
        _onSecond = _second.AsStaff();
    }

    public async Task DisposeAsync()
    {
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
}
