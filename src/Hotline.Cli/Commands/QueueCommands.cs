using System.CommandLine;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline queues</c>: the supervisors' live board of every region, or one snapshot with <c>--once</c>.</summary>
internal static class QueueCommands
{
    private static readonly TimeSpan Redraw = TimeSpan.FromSeconds(1);

    public static Command Build(CliEnvironment environment)
    {
        var regions = Choice.Many("--region", "Only this region (repeat for several; default: every region you supervise)");
        var once = new Option<bool>("--once") { Description = "Print the figures once and exit" };
        var command = new Command("queues", "Watch every region's queue live: waiting, longest wait, responders, service level, crisis alerts") { regions, once };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var asked = p.GetValue(regions) ?? [];
            if (p.GetValue(once))
            {
                var request = new GetQueueStatsRequest();
                request.Regions.AddRange(asked);
                var stats = await s.Supervisor.GetQueueStatsAsync(request, cancellationToken: ct);
                var board = new QueueBoard();
                board.Apply(stats);
                s.Show(stats, c => c.Write(board.Render(environment.Clock.GetUtcNow(), c.Profile.Width)));
                return ExitCodes.Ok;
            }

            return await WatchAsync(s, asked, ct);
        }));
        return command;
    }

    /// <summary>Redraws the board as updates arrive (and every second, for the waiting times); reconnects when the stream drops.</summary>
    private static async Task<int> WatchAsync(CliSession session, string[] regions, CancellationToken cancellationToken)
    {
        var board = new QueueBoard();
        if (session.Json)
        {
            await PumpAsync(session, regions, session.WriteJson, cancellationToken);
            return ExitCodes.Ok;
        }

        if (!session.Console.Profile.Capabilities.Interactive)
        {
            // Not a terminal (redirected to a file or a pipe): the board once per update.
            await PumpAsync(session, regions, update =>
            {
                board.Apply(update);
                session.Console.Write(board.Render(session.Environment.Clock.GetUtcNow(), session.Console.Profile.Width));
            }, cancellationToken);
            return ExitCodes.Ok;
        }

        await session.Console.Live(board.Render(session.Environment.Clock.GetUtcNow(), session.Console.Profile.Width)).StartAsync(async live =>
        {
            using var redraw = new PeriodicTimer(Redraw, session.Environment.Clock);
            var ticking = Task.Run(async () =>
            {
                while (await redraw.WaitForNextTickAsync(cancellationToken))
                {
                    lock (board)
                    {
                        live.UpdateTarget(board.Render(session.Environment.Clock.GetUtcNow(), session.Console.Profile.Width));
                    }
                }
            }, cancellationToken);
            await PumpAsync(session, regions, update =>
            {
                lock (board)
                {
                    board.Apply(update);
                    live.UpdateTarget(board.Render(session.Environment.Clock.GetUtcNow(), session.Console.Profile.Width));
                }
            }, cancellationToken);
            redraw.Dispose();
            await ticking.ContinueWith(_ => { }, TaskScheduler.Default);
        });
        return ExitCodes.Ok;
    }

    private static async Task PumpAsync(CliSession session, string[] regions, Action<QueueUpdate> apply, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var request = new WatchQueuesRequest();
                request.Regions.AddRange(regions);
                using var call = session.Supervisor.WatchQueues(request, cancellationToken: cancellationToken);
                await foreach (var update in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    apply(update);
                }
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown)
            {
                session.Environment.Error.WriteLine($"Connection lost ({error.StatusCode}); reconnecting.");
            }
            catch (Exception error) when (cancellationToken.IsCancellationRequested && error is OperationCanceledException or RpcException)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
