using Hotline.Api.V1;

namespace Hotline.Bench;

/// <summary>Simulated responders, connected a bounded number at a time and stopped together.</summary>
public sealed class SimulatedResponders(BenchCallers callers, ResponderContext context) : IAsyncDisposable
{
    private const int ConnectParallelism = 32;

    private readonly List<ResponderSimulator> _responders = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _responders.Count;
            }
        }
    }

    /// <summary>Connects every profile; returns once each one's stream is open and it is available.</summary>
    public async Task ConnectAsync(IEnumerable<UpsertResponderRequest> profiles, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(profiles, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = cancellationToken },
            async (profile, token) =>
            {
                var responder = new ResponderSimulator(callers.Admin, callers.Responder(profile.ResponderId), profile, context);
                lock (_gate)
                {
                    _responders.Add(responder);
                }

                await responder.ConnectAsync(token);
            });
    }

    public async ValueTask DisposeAsync()
    {
        ResponderSimulator[] all;
        lock (_gate)
        {
            all = [.. _responders];
            _responders.Clear();
        }

        await Task.WhenAll(all.Select(r => r.DisposeAsync().AsTask()));
    }
}
