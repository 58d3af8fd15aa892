using System.Diagnostics;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotline.Tests.Gateway;

/// <summary>
/// A responder's stream whose client stops reading: the gateway stops pulling once the
/// transport's buffers are full, the responder's backlog then drops what is unread, and when the
/// client reads again it is sent a State event with where things stand, then what follows.
/// </summary>
public sealed class SlowReaderTests(ITestOutputHelper output)
{
    private const int Backlog = 16;

    // Enough presence changes to fill the HTTP/2 window and Kestrel's response buffer (some
    // 2,900 changes of about 35 bytes each on this machine) and then the responder's backlog.
    private const int Changes = 4_500;

    [Fact]
    public async Task AStreamThatIsNotReadIsSentTheResponderStateWhenItReadsAgainThenEveryNewEvent()
    {
        await using var host = await HotlineHost.StartAsync(null, null, $"--Hotline:Supervision:StreamBacklog={Backlog}");
        await host.Responders.UpsertResponderAsync(Requests.Responder("slow-reader", "baku"));
        using var call = host.Responders.WatchOffers(new WatchOffersRequest { ResponderId = "slow-reader" });
        using var opened = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await call.ResponseStream.MoveNext(opened.Token), "the stream ended before its first event");
        var opening = call.ResponseStream.Current;
        Assert.Equal(ResponderEvent.EventOneofCase.State, opening.EventCase);

        var watch = Stopwatch.StartNew();
        var presence = Presence.Offline;
        for (var i = 0; i < Changes; i++)
        {
            presence = i % 2 == 0 ? Presence.Available : Presence.Break;
            await host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "slow-reader", Presence = presence });
        }

        output.WriteLine($"{Changes} presence changes in {watch.Elapsed.TotalSeconds:0.0} s while the stream was not read");

        // Reading again: what the transport held arrives first, in order, then the State event.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var read = new List<ResponderEvent>();
        ResponderEvent? state = null;
        while (state is null)
        {
            Assert.True(await call.ResponseStream.MoveNext(wait.Token), "the stream ended before a State event");
            var e = call.ResponseStream.Current;
            var previous = read.Count > 0 ? read[^1].Sequence : opening.Sequence;
            Assert.True(e.Sequence > previous, $"event {e.Sequence} came after {previous}");
            read.Add(e);
            state = e.EventCase == ResponderEvent.EventOneofCase.State ? e : null;
        }

        output.WriteLine($"{read.Count - 1} presence changes delivered before the State event; {Changes - read.Count + 1} replaced by it");
        Assert.True(read.Count < Changes, "every change was delivered: the stream was never behind");
        Assert.Equal(presence, state.State.Presence);
        Assert.Equal(opening.Sequence + Changes, state.Sequence);

        await host.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "slow-reader", Presence = Presence.Offline });
        Assert.True(await call.ResponseStream.MoveNext(wait.Token), "the stream ended before the next change");
        Assert.Equal((state.Sequence + 1, Presence.Offline), (call.ResponseStream.Current.Sequence, call.ResponseStream.Current.PresenceChanged));
    }
}
