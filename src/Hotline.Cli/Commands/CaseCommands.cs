using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline case ...</c>: read, list, audit and erase case files; the work on them is in <see cref="CaseWorkCommands"/>.</summary>
internal static class CaseCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var command = new Command("case", "Read, list and work case files");
        command.Subcommands.Add(OnCase(environment, "show", "Show a case: status, facts, consents and safe-contact rules, notes, referrals, follow-ups (audited)", [],
            async (s, id, _, ct) => Shown(s, await s.Cases.GetCaseAsync(new GetCaseRequest { CaseId = id }, cancellationToken: ct))));
        command.Subcommands.Add(OnCase(environment, "history", "Show a case's history", [], async (s, id, _, ct) =>
        {
            var history = await s.Cases.GetHistoryAsync(new GetHistoryRequest { CaseId = id }, cancellationToken: ct);
            s.Show(history, c => Views.History(c, id, history.Events));
        }));
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(OnCase(environment, "erase", "Erase a case's personal fields now, on request (admins; every contact ended, not in progress)", [],
            async (s, id, _, ct) =>
            {
                var erased = await s.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = id }, cancellationToken: ct);
                s.Show(erased, c => c.WriteLine($"Case erased at {Views.Time(erased.ErasedAt)}."));
            }));
        command.Subcommands.Add(EraseCaller(environment));

        command.Subcommands.Add(Audit(environment));
        CaseWorkCommands.AddTo(command, environment);
        return command;
    }

    private static Command List(CliEnvironment environment)
    {
        var regions = Choice.Many("--region", "Only this region (repeat for several)");
        var statuses = Choice.Many("--status", "Only this status: new, assigned, in-progress, referred, closed (repeat for several)");
        var owner = Choice.Text("--owner", "Only cases this responder owns", required: false);
        var due = new Option<bool>("--follow-ups-due") { Description = "Only cases with a follow-up due now" };
        var review = new Option<bool>("--retention-review") { Description = "Only cases in progress or referred that retention will close and erase soon unless worked" };
        var pageSize = new Option<int>("--page-size") { Description = "Cases per page (1-500; 50 by default)" };
        var pageToken = Choice.Text("--page-token", "Where the previous page ended", required: false);
        var command = new Command("list", "List cases, newest activity first") { regions, statuses, owner, due, review, pageSize, pageToken };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var request = new ListCasesRequest
            {
                OwnerResponderId = p.GetValue(owner) ?? "",
                FollowUpsDue = p.GetValue(due),
                RetentionReview = p.GetValue(review),
                PageSize = p.GetValue(pageSize),
                PageToken = p.GetValue(pageToken) ?? "",
            };
            request.Regions.AddRange(p.GetValue(regions) ?? []);
            request.Statuses.AddRange((p.GetValue(statuses) ?? []).Select(x => ProtoEnum.Parse<CaseStatus>(x)));
            var page = await s.Cases.ListCasesAsync(request, cancellationToken: ct);
            s.Show(page, c => Views.Cases(c, page));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command EraseCaller(CliEnvironment environment)
    {
        var reference = Choice.Text("--caller-reference", "The person's number or handle; '-' reads it from standard input, keeping it out of the shell's history");
        var command = new Command("erase-caller", "Erase every case opened from a person's number, in every region, on their request (admins)") { reference };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var given = p.GetValue(reference)!;
            var request = new EraseCallerRequest { CallerReference = given == "-" ? environment.In.ReadLine() ?? "" : given };
            var result = await s.Cases.EraseCallerAsync(request, cancellationToken: ct);
            s.Show(result, c => Views.CallerErasure(c, result));
            return result.Cases.Any(x => x.ErasedAt is null) ? ExitCodes.FailedPrecondition : ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Audit(CliEnvironment environment) =>
        OnCase(environment, "audit", "Show who read or changed the case, and when (supervisors of its region, admins)", [], async (s, id, _, ct) =>
        {
            var audit = await s.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = id }, cancellationToken: ct);
            s.Show(audit, c => Views.Audit(c, id, audit.Records));
        });

    internal static void Shown(CliSession session, Case file) => session.Show(file, c => Views.Case(c, file));

    /// <summary>A command on one case: its id as the argument, then <paramref name="options"/>.</summary>
    internal static Command OnCase(CliEnvironment environment, string name, string description, System.CommandLine.Option[] options,
        Func<CliSession, string, ParseResult, CancellationToken, Task> run)
    {
        var id = Choice.Id("case-id", "The case's id");
        var command = new Command(name, description) { id };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            await run(s, p.GetValue(id)!, p, ct);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
