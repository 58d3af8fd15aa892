using System.Threading.Channels;
using Grpc.Core;

namespace Hotline.Tests.Infrastructure;

/// <summary>Any server stream (supervisors' queues and rosters), read by a test one message at a time.</summary>
public sealed class LiveStream<T> : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly Channel<T> _messages = Channel.CreateUnbounded<T>();
    private readonly List<T> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly AsyncServerStreamingCall<T> _call;
    private readonly Task _pump;
    private readonly string _name;

    public LiveStream(AsyncServerStreamingCall<T> call, string name)
    {
        _call = call;
        _name = name;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Every message read so far, in order.</summary>
    public IReadOnlyList<T> Seen => _seen;

    /// <summary>Reads until a message matches; fails naming what it waited for.</summary>
    public async Task<T> NextAsync(Func<T, bool> match, string waitingFor, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultWait);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(cts.Token);
                _seen.Add(message);
                if (match(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_name} did not see {waitingFor} within {(timeout ?? DefaultWait).TotalSeconds}s.");
        }
        catch (ChannelClosedException)
        {
            throw new StreamEndedException($"{_name} ended before {waitingFor}.");
        }
    }

    /// <summary>Everything delivered so far, read or not, without waiting.</summary>
    public IReadOnlyList<T> Drain()
    {
        while (_messages.Reader.TryRead(out var message))
        {
            _seen.Add(message);
        }

        return _seen;
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var message in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                await _messages.Writer.WriteAsync(message);
            }
        }
        catch (RpcException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _call.Dispose();
        _stop.Dispose();
    }
}
