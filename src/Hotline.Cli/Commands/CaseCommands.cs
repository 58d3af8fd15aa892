using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline case ...</c>: read, list and work a case file.</summary>
internal static class CaseCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var command = new Command("case", "Read, list and work case files");
        command.Subcommands.Add(OnCase(environment, "show", "Show a case: status, facts, notes, referrals, follow-ups (audited)", [],
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

        var text = Choice.Text("--text", "The note");
        var corrects = Choice.Text("--corrects", "The id of the note this one corrects", required: false);
        command.Subcommands.Add(OnCase(environment, "note", "Add a note (append-only; a correction points at the note it corrects)", [text, corrects],
            async (s, id, p, ct) =>
            {
                var note = await s.Cases.AddNoteAsync(new AddNoteRequest { CaseId = id, Text = p.GetValue(text)!, CorrectsNoteId = p.GetValue(corrects) ?? "" }, cancellationToken: ct);
                s.Show(note, c => c.WriteLine($"Note {note.NoteId} added."));
            }));

        var service = Choice.Of<ServiceType>("--service", "The service", required: true);
        var organisation = Choice.Text("--organisation", "The partner organisation's id (see the partner directory)");
        var overrideReason = Choice.Text("--override-reason", "Supervisors: refer outside without consent to share, for this reason", required: false);
        command.Subcommands.Add(OnCase(environment, "refer", "Refer the person to a service at a partner organisation", [service, organisation, overrideReason],
            async (s, id, p, ct) =>
            {
                var referral = await s.Cases.ReferAsync(new ReferRequest
                {
                    CaseId = id,
                    Service = ProtoEnum.Parse<ServiceType>(p.GetValue(service)!),
                    OrganisationId = p.GetValue(organisation)!,
                    OverrideReason = p.GetValue(overrideReason) ?? "",
                }, cancellationToken: ct);
                s.Show(referral, c => c.WriteLine($"Referral {referral.ReferralId} requested."));
            }));

        var toResponder = Choice.Text("--to-responder", "The responder to transfer the case to", required: false);
        var toRegion = Choice.Text("--to-region", "The region to transfer the case to", required: false);
        var reason = Choice.Text("--reason", "Why (shown with the offer)");
        command.Subcommands.Add(OnCase(environment, "transfer", "Transfer the case to a responder or a region (offered live, accepted or declined)",
            [toResponder, toRegion, reason], async (s, id, p, ct) =>
            {
                var transfer = await s.Cases.TransferAsync(new TransferRequest
                {
                    CaseId = id, ToResponderId = p.GetValue(toResponder) ?? "", ToRegion = p.GetValue(toRegion) ?? "", Reason = p.GetValue(reason)!,
                }, cancellationToken: ct);
                s.Show(transfer, c => c.WriteLine($"Transfer {transfer.TransferId} is waiting to be accepted."));
            }));

        var kind = Choice.Of<FollowUpKind>("--kind", "What to do when it is due", "call-back");
        var at = Choice.Text("--at", "When it is due (ISO 8601, e.g. 2026-11-26T10:00:00Z)");
        var note = Choice.Text("--note", "What the follow-up is for", required: false);
        var referralId = Choice.Text("--referral", "The referral to check on (check-referral)", required: false);
        command.Subcommands.Add(OnCase(environment, "follow-up", "Schedule a call-back or a check on a referral", [kind, at, note, referralId],
            async (s, id, p, ct) =>
            {
                var due = DateTimeOffset.Parse(p.GetValue(at)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                var followUp = await s.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
                {
                    CaseId = id,
                    Kind = ProtoEnum.Parse<FollowUpKind>(p.GetValue(kind)!),
                    DueAt = Timestamp.FromDateTimeOffset(due),
                    Note = p.GetValue(note) ?? "",
                    ReferralId = p.GetValue(referralId) ?? "",
                }, cancellationToken: ct);
                s.Show(followUp, c => c.WriteLine($"Follow-up {followUp.FollowUpId} due {Views.Time(followUp.DueAt)}."));
            }));

        command.Subcommands.Add(OnCase(environment, "close", "Close the case", [],
            async (s, id, _, ct) => Shown(s, await s.Cases.CloseAsync(new CloseCaseRequest { CaseId = id }, cancellationToken: ct))));
        command.Subcommands.Add(OnCase(environment, "reopen", "Reopen a closed case", [],
            async (s, id, _, ct) => Shown(s, await s.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = id }, cancellationToken: ct))));
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

    private static void Shown(CliSession session, Case file) => session.Show(file, c => Views.Case(c, file));

    private static Command OnCase(CliEnvironment environment, string name, string description, System.CommandLine.Option[] options,
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
