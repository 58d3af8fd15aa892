using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline queues</c>: the supervisors' live board of every region, or one snapshot with <c>--once</c>.</summary>
internal static class QueueCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var regions = Choice.Many("--region", "Only this region (repeat for several; default: every region you supervise)");
        var once = new Option<bool>("--once") { Description = "Print the figures once and exit" };
        var command = new Command("queues", "Watch every region's queue live (q quits): waiting, longest wait, responders, service level, crisis alerts") { regions, once };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            // Before any call, so a mistyped zone is refused at once rather than after the first figures.
            var zone = HotlineZone.From(environment, p.GetValue(HotlineCli.Zone));
            var asked = p.GetValue(regions) ?? [];
            if (!p.GetValue(once))
            {
                return await new LiveBoard(s, asked, zone).RunAsync(ct);
            }

            var request = new GetQueueStatsRequest();
            request.Regions.AddRange(asked);
            var stats = await s.Supervisor.GetQueueStatsAsync(request, cancellationToken: ct);
            var board = new QueueBoard();
            board.Apply(stats);
            s.Show(stats, c => c.Write(board.Render(environment.Clock.GetUtcNow(), zone, c.Profile.Width)));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
