using System.Text.RegularExpressions;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline responder listen</c> whose connection drops for real (a relay cut in front of the gateway) and comes back.</summary>
public sealed class ListenResumeTests : IAsyncLifetime
{
    private const string Shirvan = "mountainous-shirvan";
    private static readonly TimeSpan ReconnectWait = TimeSpan.FromSeconds(30);
    private HotlineHost _host = null!;

    // The responder stays connected (and offered contacts) for 30 s of the hotline's clock after their stream
    // drops, and that clock does not move here: an offer made while the listener is away waits for it.
    public async Task InitializeAsync() =>
        _host = await HotlineHost.StartAsync(null, null, "--Hotline:Supervision:DisconnectGrace=00:00:30");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AfterADroppedStreamTheListenerSaysSoOnceComesBackAndShowsTheOfferMadeWhileItWasAway()
    {
        await _host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));
        await _host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        await using var relay = new TcpRelay(_host.Address);
        await using var listen = LiveCliRun.Start(_host, HotlineHost.ResponderClaims("aysel"), relay.Address, "responder", "listen", "aysel");
        await listen.Console.ShowsAsync("Presence available");

        relay.Cut();
        await listen.Console.ShowsAsync("reconnecting");
        await using var queue = new LiveStream<QueueUpdate>(_host.Supervisor.WatchQueues(new WatchQueuesRequest { Regions = { Shirvan } }), "the queue stream");
        var contact = await _host.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await queue.NextAsync(u => (u.Snapshot?.Regions.Single() ?? u.Region)?.Offered == 1, "the contact offered to the responder whose stream is down");
        // Each attempt the listener makes while the relay is cut used to print a line of its own.
        await relay.RefusedAsync(2, ReconnectWait);

        relay.Restore();
        await listen.Console.ShowsAsync("Connected again.", ReconnectWait);
        await listen.Console.ShowsAsync($"Offer (contact) of contact {contact.ContactId}");
        listen.Console.Input.PushCharacter('a');
        await listen.Console.ShowsAsync($"Accepted contact {contact.ContactId}");
        await listen.Console.ShowsAsync($"Now working contact {contact.ContactId}");
        Assert.Equal(ContactStatus.Connected, (await _host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Status);

        Assert.Equal(0, await listen.QuitAsync());
        var shown = listen.Console.Output;
        Assert.Equal(1, Count(shown, "reconnecting"));
        Assert.Equal(1, Count(shown, "Connected again."));
        // Resumed from the last event seen: the offer once, and what came before the drop not again.
        Assert.Equal(1, Count(shown, $"of contact {contact.ContactId}:"));
        Assert.Equal(1, Count(shown, "Presence available"));
        Assert.DoesNotContain("Presence is now", shown, StringComparison.Ordinal);
        Assert.True(shown.IndexOf("reconnecting", StringComparison.Ordinal) < shown.IndexOf("Connected again.", StringComparison.Ordinal), shown);
    }

    [Fact]
    public async Task BackFromADropWithNothingNewTheListenerSaysItIsConnectedAgain()
    {
        await _host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));
        await _host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        await using var relay = new TcpRelay(_host.Address);
        await using var listen = LiveCliRun.Start(_host, HotlineHost.ResponderClaims("aysel"), relay.Address, "responder", "listen", "aysel");
        await listen.Console.ShowsAsync("Presence available");

        relay.Cut();
        await listen.Console.ShowsAsync("reconnecting");
        relay.Restore();
        await listen.Console.ShowsAsync("Connected again.", ReconnectWait);

        Assert.Equal(0, await listen.QuitAsync());
        Assert.Equal(1, Count(listen.Console.Output, "Presence available"));
    }

    [Fact]
    public async Task WhileItIsReconnectingQStillEndsTheListener()
    {
        await _host.Responders.UpsertResponderAsync(Requests.Responder("aysel", Shirvan));
        await using var relay = new TcpRelay(_host.Address);
        await using var listen = LiveCliRun.Start(_host, HotlineHost.ResponderClaims("aysel"), relay.Address, "responder", "listen", "aysel");
        await listen.Console.ShowsAsync("Presence offline");

        relay.Cut();
        await listen.Console.ShowsAsync("reconnecting");
        Assert.Equal(0, await listen.QuitAsync());
        Assert.EndsWith("Stopped listening.", listen.Console.Output.TrimEnd(), StringComparison.Ordinal);
    }

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));
}
