using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Hotline.Tests.Cli;

/// <summary>
/// A TCP relay in front of a gateway, which a test cuts to drop a client's streams for real: cutting resets
/// every connection through it, and until it is restored each new connection is reset as soon as it is
/// accepted (and counted, so the test can await the client's attempts to reconnect).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _gateway;
    private readonly Lock _gate = new();
    private readonly List<Socket> _open = [];
    private readonly Channel<bool> _refused = Channel.CreateUnbounded<bool>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private bool _cut;

    /// <param name="gateway">The gateway's address, http://127.0.0.1:port.</param>
    public TcpRelay(string gateway)
    {
        var address = new Uri(gateway);
        _gateway = new IPEndPoint(IPAddress.Parse(address.Host), address.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The address to give the client instead of the gateway's.</summary>
    public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Resets every connection through the relay; new ones are reset too until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var socket in _open)
            {
                Reset(socket);
            }

            _open.Clear();
        }
    }

    /// <summary>New connections reach the gateway again.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
        }
    }

    /// <summary>Waits until <paramref name="count"/> connections were refused since the last wait: the client tried that many times.</summary>
    public async Task RefusedAsync(int count, TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        for (var refused = 0; refused < count; refused++)
        {
            try
            {
                await _refused.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The client tried to reconnect {refused} time(s) within {timeout.TotalSeconds}s, not {count}.");
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            bool cut;
            lock (_gate)
            {
                cut = _cut;
            }

            if (cut)
            {
                Reset(client);
                _refused.Writer.TryWrite(true);
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var gateway = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await gateway.ConnectAsync(_gateway, _stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException)
            {
                Reset(client);
                return;
            }

            lock (_gate)
            {
                if (_cut)
                {
                    Reset(client);
                    return;
                }

                _open.Add(client);
                _open.Add(gateway);
            }

            await Task.WhenAll(PipeAsync(client, gateway), PipeAsync(gateway, client));
            lock (_gate)
            {
                _open.Remove(client);
                _open.Remove(gateway);
            }
        }
    }

    private static async Task PipeAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // One side was reset (by Cut, or by the peer): so is the other.
            Reset(to);
        }
    }

    /// <summary>Closes with a reset (no orderly shutdown), as a dropped network does to a client.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stop.Dispose();
    }
}
