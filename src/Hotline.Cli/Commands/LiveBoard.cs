using Grpc.Core;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline queues</c> without <c>--once</c>: the board redrawn as updates arrive (and every second on a
/// terminal, for the waiting times) until q is pressed or the command is interrupted. On a terminal a
/// dropped stream shows on the board itself; written to a file or a pipe, or as JSON, the drop is said once
/// on standard error, and so is the return.
/// </summary>
internal sealed class LiveBoard(CliSession session, string[] regions, TimeZoneInfo zone)
{
    private static readonly TimeSpan Redraw = TimeSpan.FromSeconds(1);
    private readonly QueueBoard _board = new();

    // The stream's updates and the redraw timer both change what the live display shows.
    private readonly Lock _gate = new();

    private TimeProvider Clock => session.Environment.Clock;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var quit = QuitOnKeyAsync(stop);
        try
        {
            var stream = new QueueStream(session, regions);
            if (session.Json)
            {
                await stream.RunAsync(session.WriteJson, SayLost, SayRestored, stop.Token);
            }
            else if (!session.Console.Profile.Capabilities.Interactive)
            {
                // Not a terminal (redirected to a file or a pipe): the board once per update.
                await stream.RunAsync(update =>
                {
                    _board.Apply(update);
                    session.Console.Write(Render());
                }, SayLost, SayRestored, stop.Token);
            }
            else
            {
                await session.Console.Live(Render()).StartAsync(live => WatchOnTerminalAsync(stream, live, stop.Token));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await quit;
        }

        return ExitCodes.Ok;
    }

    private async Task WatchOnTerminalAsync(QueueStream stream, LiveDisplayContext live, CancellationToken cancellationToken)
    {
        using var redraw = new PeriodicTimer(Redraw, Clock);
        var ticking = TickAsync(redraw, live, cancellationToken);
        try
        {
            await stream.RunAsync(
                update => Draw(live, () => _board.Apply(update)),
                _ => Draw(live, () => _board.Lost(Clock.GetUtcNow())),
                () => { },
                cancellationToken);
        }
        finally
        {
            redraw.Dispose();
            await ticking;
        }
    }

    private async Task TickAsync(PeriodicTimer redraw, LiveDisplayContext live, CancellationToken cancellationToken)
    {
        try
        {
            while (await redraw.WaitForNextTickAsync(cancellationToken))
            {
                Draw(live, () => { });
            }
        }
        catch (OperationCanceledException)
        {
            // Quit or interrupted: the stream ends too.
        }
    }

    private void Draw(LiveDisplayContext live, Action change)
    {
        lock (_gate)
        {
            change();
            live.UpdateTarget(Render());
        }
    }

    private Spectre.Console.Rendering.IRenderable Render() => _board.Render(Clock.GetUtcNow(), zone, session.Console.Profile.Width);

    private void SayLost(StatusCode status)
    {
        var why = status == StatusCode.OK ? "The hotline closed the queue stream" : $"Lost the connection to the hotline (gRPC status {status})";
        session.Environment.Error.WriteLine($"{why} at {HotlineZone.Clock(Clock.GetUtcNow(), zone)}; reconnecting.");
    }

    private void SayRestored() =>
        session.Environment.Error.WriteLine($"Connected to the hotline again at {HotlineZone.Clock(Clock.GetUtcNow(), zone)}.");

    private async Task QuitOnKeyAsync(CancellationTokenSource stop)
    {
        try
        {
            await Keyboard.WaitForQuitAsync(session.Console, stop.Token);
            await stop.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // The board ended first (interrupted, or the hotline refused it).
        }
    }
}
