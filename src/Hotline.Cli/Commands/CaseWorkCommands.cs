using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;
using static Hotline.Cli.Commands.CaseCommands;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline case note|facts|consent|refer|transfer|follow-up|clear-not-safe|close|reopen</c>: the work on a case file.</summary>
internal static class CaseWorkCommands
{
    public static void AddTo(Command command, CliEnvironment environment)
    {
        command.Subcommands.Add(Note(environment));
        command.Subcommands.Add(Facts(environment));
        command.Subcommands.Add(CaseConsent.Build(environment));
        command.Subcommands.Add(Refer(environment));
        command.Subcommands.Add(Transfer(environment));
        command.Subcommands.Add(FollowUp(environment));
        command.Subcommands.Add(OnCase(environment, "clear-not-safe", "Say it is safe to reach the person again after a contact ended as not safe: its held follow-ups are offered again (the case's owner, supervisors)", [],
            async (s, id, _, ct) => Shown(s, await s.Cases.ClearNotSafeAsync(new ClearNotSafeRequest { CaseId = id }, cancellationToken: ct))));
        command.Subcommands.Add(OnCase(environment, "close", "Close the case", [],
            async (s, id, _, ct) => Shown(s, await s.Cases.CloseAsync(new CloseCaseRequest { CaseId = id }, cancellationToken: ct))));
        command.Subcommands.Add(OnCase(environment, "reopen", "Reopen a closed case", [],
            async (s, id, _, ct) => Shown(s, await s.Cases.ReopenAsync(new ReopenCaseRequest { CaseId = id }, cancellationToken: ct))));
    }

    private static Command Note(CliEnvironment environment)
    {
        var text = Choice.Text("--text", "The note (confidential; \"-\" reads it from standard input, out of shell history)");
        var corrects = Choice.Text("--corrects", "The id of the note this one corrects", required: false);
        return OnCase(environment, "note", "Add a note (append-only; a correction points at the note it corrects)", [text, corrects],
            async (s, id, p, ct) =>
            {
                var request = new AddNoteRequest { CaseId = id, Text = Input.Confidential(p.GetValue(text), environment), CorrectsNoteId = p.GetValue(corrects) ?? "" };
                var note = await s.Cases.AddNoteAsync(request, cancellationToken: ct);
                s.Show(note, c => c.WriteLine($"Note {note.NoteId} added."));
            });
    }

    private static Command Facts(CliEnvironment environment)
    {
        var exploitation = Choice.Of<ExploitationType>("--exploitation", "The form of exploitation");
        var risk = Choice.Of<RiskLevel>("--risk", "The risk to the person now");
        var victim = Choice.Of<VictimStatus>("--victim-status", "Whether the person is a potential or an identified victim");
        return OnCase(environment, "facts", "Record what is known: form of exploitation, risk, victim status (only what you name changes)",
            [exploitation, risk, victim], async (s, id, p, ct) =>
            {
                var request = new UpdateCaseFactsRequest { CaseId = id };
                if (p.GetValue(exploitation) is { } e)
                {
                    request.ExploitationType = ProtoEnum.Parse<ExploitationType>(e);
                }

                if (p.GetValue(risk) is { } r)
                {
                    request.RiskLevel = ProtoEnum.Parse<RiskLevel>(r);
                }

                if (p.GetValue(victim) is { } v)
                {
                    request.VictimStatus = ProtoEnum.Parse<VictimStatus>(v);
                }

                if (!request.HasExploitationType && !request.HasRiskLevel && !request.HasVictimStatus)
                {
                    throw new FormatException("case facts: name at least one of --exploitation, --risk, --victim-status");
                }

                Shown(s, await s.Cases.UpdateCaseFactsAsync(request, cancellationToken: ct));
            });
    }

    private static Command Refer(CliEnvironment environment)
    {
        var service = Choice.Of<ServiceType>("--service", "The service", required: true);
        var organisation = Choice.Text("--organisation", "The partner organisation's id ('hotline partners' lists them)");
        var overrideReason = Choice.Text("--override-reason", "Supervisors: refer outside without consent to share, for this reason", required: false);
        return OnCase(environment, "refer", "Refer the person to a service at a partner organisation (outside ones need their consent to share)",
            [service, organisation, overrideReason], async (s, id, p, ct) =>
            {
                var referral = await s.Cases.ReferAsync(new ReferRequest
                {
                    CaseId = id,
                    Service = ProtoEnum.Parse<ServiceType>(p.GetValue(service)!),
                    OrganisationId = p.GetValue(organisation)!,
                    OverrideReason = p.GetValue(overrideReason) ?? "",
                }, cancellationToken: ct);
                s.Show(referral, c => c.WriteLine($"Referral {referral.ReferralId} requested."));
            });
    }

    private static Command Transfer(CliEnvironment environment)
    {
        var toResponder = Choice.Text("--to-responder", "The responder to transfer the case to", required: false);
        var toRegion = Choice.Text("--to-region", "The region to transfer the case to", required: false);
        var reason = Choice.Text("--reason", "Why (shown with the offer)");
        return OnCase(environment, "transfer", "Transfer the case to a responder or a region (offered live, accepted or declined)",
            [toResponder, toRegion, reason], async (s, id, p, ct) =>
            {
                var transfer = await s.Cases.TransferAsync(new TransferRequest
                {
                    CaseId = id, ToResponderId = p.GetValue(toResponder) ?? "", ToRegion = p.GetValue(toRegion) ?? "", Reason = p.GetValue(reason)!,
                }, cancellationToken: ct);
                s.Show(transfer, c => c.WriteLine($"Transfer {transfer.TransferId} is waiting to be accepted."));
            });
    }

    private static Command FollowUp(CliEnvironment environment)
    {
        var kind = Choice.Of<FollowUpKind>("--kind", "What to do when it is due (a call-back needs the person's consent to be contacted back)", "call-back");
        var at = Choice.Text("--at", $"When it is due: {TimeInput.Forms}");
        var note = Choice.Text("--note", "What the follow-up is for", required: false);
        var referralId = Choice.Text("--referral", "The referral to check on (check-referral)", required: false);
        return OnCase(environment, "follow-up", "Schedule a call-back or a check on a referral", [kind, at, note, referralId],
            async (s, id, p, ct) =>
            {
                var zone = HotlineZone.From(environment, p.GetValue(HotlineCli.Zone));
                var due = TimeInput.Parse("--at", p.GetValue(at)!, zone, environment.Clock.GetUtcNow());
                var followUp = await s.Cases.ScheduleFollowUpAsync(new ScheduleFollowUpRequest
                {
                    CaseId = id,
                    Kind = ProtoEnum.Parse<FollowUpKind>(p.GetValue(kind)!),
                    DueAt = Timestamp.FromDateTimeOffset(due),
                    Note = p.GetValue(note) ?? "",
                    ReferralId = p.GetValue(referralId) ?? "",
                }, cancellationToken: ct);
                s.Show(followUp, c => c.WriteLine($"Follow-up {followUp.FollowUpId} due {HotlineZone.Show(followUp.DueAt, zone)}."));
            });
    }
}
