using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline contact ...</c>: operators take and end contacts; supervisors give them to someone or move them.</summary>
internal static class ContactCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var contact = new Command("contact", "Open, read, abandon, call back or end a contact (operators); reassign or move one (supervisors)");
        contact.Subcommands.Add(Open(environment));
        contact.Subcommands.Add(OnId(environment, "show", "Show a contact (the read is audited)",
            async (s, id, ct) => await s.Intake.GetContactAsync(new GetContactRequest { ContactId = id }, cancellationToken: ct)));
        contact.Subcommands.Add(OnId(environment, "abandon", "The caller hung up while waiting",
            async (s, id, ct) => await s.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = id }, cancellationToken: ct)));
        contact.Subcommands.Add(OnId(environment, "call-back", "The waiting caller asks to be called back instead of holding (keeps their place)",
            async (s, id, ct) => await s.Intake.RequestCallBackAsync(new RequestCallBackRequest { ContactId = id }, cancellationToken: ct)));
        contact.Subcommands.Add(End(environment));
        contact.Subcommands.Add(Reassign(environment));
        contact.Subcommands.Add(Move(environment));
        return contact;
    }

    private static Command Open(CliEnvironment environment)
    {
        var location = Choice.Text("--location", "Where the person is: a region code (baku) or a district's ISO code (AZ-ISM)");
        var language = Choice.Text("--language", "The person's language code (az, ru, en, ...)");
        var channel = Choice.Of<Channel>("--channel", "How they reached the hotline", "voice");
        var urgency = Choice.Of<Urgency>("--urgency", "How urgent it is", "normal");
        var summary = Choice.Text("--summary", "What the person said (confidential; \"-\" reads it from standard input, out of shell history)", required: false);
        var skills = Choice.Many("--skill", $"A skill the responder needs (repeat for several): {Skills.Known}");
        var requestId = Choice.Text("--request-id", "Your id for this intake, so a retry does not open it twice (default: a new one)", required: false);
        var caseId = Choice.Text("--case", "Continue this case", required: false);
        var reference = Choice.Text("--caller-reference", "The caller's number or handle (kept only as a keyed hash; \"-\" reads it from standard input)", required: false);
        var name = Choice.Text("--caller-name", "The name the person gave (confidential; \"-\" reads it from standard input)", required: false);
        var callback = Choice.Text("--callback", "How and when it is safe to call back (confidential; \"-\" reads it from standard input)", required: false);
        var command = new Command("open", "Record a new contact and queue it for a responder")
        {
            location, language, channel, urgency, summary, skills, requestId, caseId, reference, name, callback,
        };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var request = new OpenContactRequest
            {
                RequestId = p.GetValue(requestId) ?? Guid.NewGuid().ToString("N"),
                Location = p.GetValue(location)!,
                Language = p.GetValue(language)!,
                Channel = ProtoEnum.Parse<Channel>(p.GetValue(channel)!),
                Urgency = ProtoEnum.Parse<Urgency>(p.GetValue(urgency)!),
                Summary = Input.Confidential(p.GetValue(summary), environment),
                CaseId = p.GetValue(caseId) ?? "",
                CallerReference = Input.Confidential(p.GetValue(reference), environment),
                CallerName = Input.Confidential(p.GetValue(name), environment),
                Callback = Input.Confidential(p.GetValue(callback), environment),
            };
            request.RequiredSkills.AddRange((p.GetValue(skills) ?? []).Select(Skills.ToWire));
            var opened = await s.Intake.OpenContactAsync(request, cancellationToken: ct);
            s.Show(opened, c => Views.Contact(c, opened));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command End(CliEnvironment environment)
    {
        var id = Choice.Id("contact-id", "The connected contact");
        var notSafe = NotSafe();
        var command = new Command("end", "End a connected contact from the operator's side") { id, notSafe };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var ended = await s.Intake.EndContactAsync(new EndContactRequest { ContactId = p.GetValue(id)!, CallerNotSafe = p.GetValue(notSafe) }, cancellationToken: ct);
            s.Show(ended, c => Views.Contact(c, ended));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The caller was not safe: the same rule whether the operator or the responder ends the contact.</summary>
    internal static Option<bool> NotSafe() => new("--not-safe")
    {
        Description = "The caller was not safe (someone was listening, the call was cut): the case's follow-ups and call-backs are held until "
            + "'hotline case clear-not-safe', nothing of it is shared outside, and the region's supervisors are alerted",
    };

    private static Command Reassign(CliEnvironment environment)
    {
        var id = Choice.Id("contact-id", "The waiting contact");
        var to = Choice.Text("--to", "The responder to offer it to");
        var command = new Command("reassign", "Give a waiting contact to a chosen responder (supervisors)") { id, to };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var done = await s.Supervisor.ReassignContactAsync(new ReassignContactRequest { ContactId = p.GetValue(id)!, ResponderId = p.GetValue(to)! }, cancellationToken: ct);
            s.Show(done, c => c.WriteLine($"Offered to {p.GetValue(to)} (offer {done.OfferId})."));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Move(CliEnvironment environment)
    {
        var id = Choice.Id("contact-id", "The waiting contact");
        var region = Choice.Text("--region", "The region whose queue it should wait in");
        var command = new Command("move", "Move a waiting contact to another region's queue (supervisors)") { id, region };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var moved = await s.Supervisor.MoveContactAsync(new MoveContactRequest { ContactId = p.GetValue(id)!, Region = p.GetValue(region)! }, cancellationToken: ct);
            s.Show(moved, c => c.WriteLine($"Contact {moved.ContactId} now waits in {moved.Region}."));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command OnId(CliEnvironment environment, string name, string description, Func<CliSession, string, CancellationToken, Task<Contact>> call)
    {
        var id = Choice.Id("contact-id", "The contact's id");
        var command = new Command(name, description) { id };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var contact = await call(s, p.GetValue(id)!, ct);
            s.Show(contact, c => Views.Contact(c, contact));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
