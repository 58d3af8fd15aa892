using System.CommandLine;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Cli.Output;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline partners</c> and <c>hotline roster</c>: who a case can be referred to, and who is on duty.</summary>
internal static class DirectoryCommands
{
    /// <summary>How long <c>roster</c> waits for every region's first full roster.</summary>
    private static readonly TimeSpan RosterWait = TimeSpan.FromSeconds(30);

    public static Command Partners(CliEnvironment environment)
    {
        var region = Choice.Text("--region", "Only those serving this region", required: false);
        var service = Choice.Of<ServiceType>("--service", "Only those offering this service");
        var command = new Command("partners", "List the partner organisations a case can be referred to, with their services and regions") { region, service };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var request = new ListPartnersRequest { Region = p.GetValue(region) ?? "" };
            if (p.GetValue(service) is { } typed)
            {
                request.Service = ProtoEnum.Parse<ServiceType>(typed);
            }

            var found = await s.Cases.ListPartnersAsync(request, cancellationToken: ct);
            s.Show(found, c => Views.Partners(c, found.Partners));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Roster(CliEnvironment environment)
    {
        var regions = Choice.Many("--region", "Only this region (repeat for several; default: every region you supervise)");
        var command = new Command("roster", "Show every responder of the regions you supervise: status, presence, load, missed offers (supervisors)") { regions };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            // The queue figures name the regions the caller supervises; the roster stream then
            // starts with each one's full roster, which is all this command prints.
            var asked = new GetQueueStatsRequest();
            asked.Regions.AddRange(p.GetValue(regions) ?? []);
            var covered = (await s.Supervisor.GetQueueStatsAsync(asked, cancellationToken: ct)).Regions.Select(r => r.Region).ToHashSet(StringComparer.Ordinal);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(RosterWait);
            var request = new WatchRespondersRequest();
            request.Regions.AddRange(covered);
            using var call = s.Supervisor.WatchResponders(request, cancellationToken: wait.Token);
            var roster = new List<RosterEntry>();
            try
            {
                await foreach (var update in call.ResponseStream.ReadAllAsync(wait.Token))
                {
                    if (update.Full && covered.Remove(update.Region))
                    {
                        roster.AddRange(update.Responders);
                        if (s.Json)
                        {
                            s.WriteJson(update);
                        }
                    }

                    if (covered.Count == 0)
                    {
                        break;
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !ct.IsCancellationRequested)
            {
                // Some regions did not answer in time: show those that did, and say which did not.
            }

            if (!s.Json)
            {
                Views.Rosters(s.Console, roster.OrderBy(r => r.HomeRegion, StringComparer.Ordinal).ThenBy(r => r.ResponderId, StringComparer.Ordinal));
            }

            if (covered.Count > 0)
            {
                environment.Error.WriteLine($"No roster came from {string.Join(", ", covered.Order(StringComparer.Ordinal))} within {RosterWait.TotalSeconds:0} s; try again shortly.");
                return ExitCodes.Unavailable;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
