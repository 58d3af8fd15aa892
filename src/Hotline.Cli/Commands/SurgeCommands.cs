using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline surge set|clear</c>: a supervisor diverts a region's new contacts at a surge, and restores it.</summary>
internal static class SurgeCommands
{
    public static Command Build(CliEnvironment environment) =>
        new("surge", "Divert a region's new contacts to a triage group or another region at a surge, and restore it") { Set(environment), Clear(environment) };

    private static Command Set(CliEnvironment environment)
    {
        var region = Choice.Id("region", "The region whose new contacts are diverted");
        var responders = Choice.Many("--responder", "A triage responder of the region (repeat for several)");
        var toRegion = new Option<string>("--to-region") { Description = "Or the region whose responders take them" };
        var command = new Command("set", "Divert the region's new contacts (those already waiting stay) to --responder ... or --to-region") { region, responders, toRegion };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var zone = HotlineZone.From(environment, p.GetValue(HotlineCli.Zone));
            var request = new SetSurgeModeRequest { Region = p.GetValue(region)!, ToRegion = p.GetValue(toRegion) ?? "" };
            request.ResponderIds.AddRange(p.GetValue(responders) ?? []);
            var stats = await s.Supervisor.SetSurgeModeAsync(request, cancellationToken: ct);
            s.Show(stats, c => c.WriteLine(QueueBoard.Surge(stats, zone, environment.Clock.GetUtcNow()) ?? $"{stats.Region}: new contacts are routed as usual"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Clear(CliEnvironment environment)
    {
        var region = Choice.Id("region", "The region to route as usual again");
        var command = new Command("clear", "End surge mode: the region's new contacts are routed as usual again") { region };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var stats = await s.Supervisor.ClearSurgeModeAsync(new ClearSurgeModeRequest { Region = p.GetValue(region)! }, cancellationToken: ct);
            s.Show(stats, c => c.WriteLine($"{stats.Region}: new contacts are routed as usual"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
