using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Hotline.Cli.Output;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline responder record-offline</c>: a contact that happened outside the system (a walk-in at
/// a shelter, a call taken during an outage), recorded afterwards by the responder who had it, with
/// when it really happened. A retry with the same <c>--request-id</c> answers the same and records nothing.
/// </summary>
internal static class OfflineContactCommand
{
    public static Command Build(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "Your responder id");
        var startedAt = Choice.Text("--started-at", $"When it started (in the last 30 days): {TimeInput.PastForms}");
        var endedAt = Choice.Text("--ended-at", $"When it ended (after it started, within 12 hours): {TimeInput.PastForms}");
        var location = Choice.Text("--location", "Where it happened: a district or region code of your home region");
        var language = Choice.Text("--language", "The person's language code (az, ru, en, ...)");
        var channel = Choice.Of<Channel>("--channel", "How it happened", "walk-in");
        var urgency = Choice.Of<Urgency>("--urgency", "How urgent it was", "normal");
        var skills = Choice.Many("--skill", $"A skill it needed (repeat for several): {Skills.Known}");
        var caseId = Choice.Text("--case", "The case it belongs to (one you own); without it a case is opened", required: false);
        var summary = Choice.Text("--summary", "What happened (confidential; \"-\" reads it from standard input, out of shell history)", required: false);
        var name = Choice.Text("--caller-name", "The name the person gave (confidential; \"-\" reads it from standard input)", required: false);
        var requestId = Choice.Text("--request-id", "Your id for this record, so a retry does not record it twice (default: a new one)", required: false);
        var command = new Command("record-offline", "Record a contact you had outside the system (a walk-in, a call during an outage) with when it happened")
        {
            id, startedAt, endedAt, location, language, channel, urgency, skills, caseId, summary, name, requestId,
        };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var zone = HotlineZone.From(environment, p.GetValue(HotlineCli.Zone));
            var now = environment.Clock.GetUtcNow();
            var request = new RecordOfflineContactRequest
            {
                RequestId = p.GetValue(requestId) ?? Guid.NewGuid().ToString("N"),
                ResponderId = p.GetValue(id)!,
                StartedAt = Timestamp.FromDateTimeOffset(TimeInput.ParsePast("--started-at", p.GetValue(startedAt)!, zone, now)),
                EndedAt = Timestamp.FromDateTimeOffset(TimeInput.ParsePast("--ended-at", p.GetValue(endedAt)!, zone, now)),
                Location = p.GetValue(location)!,
                Language = p.GetValue(language)!,
                Channel = ProtoEnum.Parse<Channel>(p.GetValue(channel)!),
                Urgency = ProtoEnum.Parse<Urgency>(p.GetValue(urgency)!),
                CaseId = p.GetValue(caseId) ?? "",
                Summary = Input.Confidential(p.GetValue(summary), environment),
                CallerName = Input.Confidential(p.GetValue(name), environment),
            };
            request.RequiredSkills.AddRange((p.GetValue(skills) ?? []).Select(Skills.ToWire));
            var recorded = await s.Intake.RecordOfflineContactAsync(request, cancellationToken: ct);
            s.Show(recorded, c => Views.Contact(c, recorded));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
