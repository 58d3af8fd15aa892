using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline responder ...</c>: register, show, presence, listening for offers, completing, call-backs and offline contacts.</summary>
internal static class ResponderCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var responder = new Command("responder", "Register responders (admins); presence, live offers, completing, call-back outcomes and offline contacts (responders)");
        responder.Subcommands.Add(Register(environment));
        responder.Subcommands.Add(Show(environment));
        responder.Subcommands.Add(Presence(environment));
        responder.Subcommands.Add(EndWrapUp(environment));
        responder.Subcommands.Add(Listen(environment));
        responder.Subcommands.Add(Complete(environment));
        responder.Subcommands.Add(CallBack(environment));
        responder.Subcommands.Add(OfflineContactCommand.Build(environment));
        return responder;
    }

    private static Command Register(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "The responder's id (a-z 0-9 . _ -)");
        var region = Choice.Text("--region", "Home region code");
        var name = Choice.Text("--name", "Name shown to supervisors", required: false);
        var languages = Choice.Many("--language", "A language spoken (repeat for several)");
        var skills = Choice.Many("--skill", $"A skill held (repeat for several): {Skills.Known}");
        var capacity = Choice.Many("--capacity", "Contacts at once on a channel, as channel=n (voice=1, chat=3); repeat per channel");
        var command = new Command("register", "Register a responder or replace their profile (admins)") { id, region, name, languages, skills, capacity };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var request = new UpsertResponderRequest { ResponderId = p.GetValue(id)!, HomeRegion = p.GetValue(region)!, DisplayName = p.GetValue(name) ?? "" };
            request.Languages.AddRange(p.GetValue(languages) ?? []);
            request.Skills.AddRange((p.GetValue(skills) ?? []).Select(Skills.ToWire));
            request.Capacity.AddRange((p.GetValue(capacity) ?? []).Select(Capacity));
            var registered = await s.Responders.UpsertResponderAsync(request, cancellationToken: ct);
            s.Show(registered, c => Views.Responder(c, registered));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "The responder's id");
        var command = new Command("show", "Show a responder's profile, presence and current work") { id };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var found = await s.Responders.GetResponderAsync(new GetResponderRequest { ResponderId = p.GetValue(id)! }, cancellationToken: ct);
            s.Show(found, c => Views.Responder(c, found));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Presence(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "The responder's id");
        var presence = new Argument<string>("presence") { Description = "available, break, offline (away: supervisors only)" };
        presence.AcceptOnlyFromAmong(ProtoEnum.Names<Presence>());
        var asSupervisor = new Option<bool>("--as-supervisor") { Description = "Set someone else's presence as their supervisor (allows away)" };
        var reason = new Option<string>("--reason") { Description = "Why, when not available: break, meal, training or admin" };
        reason.AcceptOnlyFromAmong([.. ProtoEnum.Names<PresenceReason>().Where(n => n != ProtoEnum.Show(PresenceReason.MissedOffers))]);
        var command = new Command("presence", "Set presence: available, break or offline, with a reason when not available") { id, presence, asSupervisor, reason };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var value = ProtoEnum.Parse<Api.V1.Presence>(p.GetValue(presence)!);
            var why = p.GetValue(reason) is { } typed ? ProtoEnum.Parse<PresenceReason>(typed) : PresenceReason.Unspecified;
            if (p.GetValue(asSupervisor))
            {
                var entry = await s.Supervisor.SetResponderPresenceAsync(new SetResponderPresenceRequest { ResponderId = p.GetValue(id)!, Presence = value, Reason = why }, cancellationToken: ct);
                s.Show(entry, c => Views.Roster(c, entry));
                return ExitCodes.Ok;
            }

            try
            {
                var set = await s.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = p.GetValue(id)!, Presence = value, Reason = why }, cancellationToken: ct);
                s.Show(set, c => Views.Responder(c, set));
                return ExitCodes.Ok;
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.PermissionDenied && refused.Status.Detail.Contains("supervisor", StringComparison.Ordinal))
            {
                // A supervisor's token may set someone's presence only as their supervisor.
                environment.Error.WriteLine(ErrorReport.Sentence(refused));
                environment.Error.WriteLine("A supervisor sets a responder's presence with --as-supervisor.");
                return ExitCodes.Refused;
            }
        }));
        return command;
    }

    private static Command EndWrapUp(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "Your responder id");
        var channel = new Option<string>("--channel") { Description = "The channel whose wrap-up ends (default: every one running)" };
        channel.AcceptOnlyFromAmong(ProtoEnum.Names<Channel>());
        var command = new Command("end-wrap-up", "End your wrap-up after a contact before its limit, so offers come again (presence stays as it is)") { id, channel };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var request = new EndWrapUpRequest { ResponderId = p.GetValue(id)! };
            if (p.GetValue(channel) is { } typed)
            {
                request.Channel = ProtoEnum.Parse<Channel>(typed);
            }

            var ended = await s.Responders.EndWrapUpAsync(request, cancellationToken: ct);
            s.Show(ended, c => Views.Responder(c, ended));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Listen(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "Your responder id");
        var after = new Option<long>("--after") { Description = "Resume after this event sequence (0: start fresh)" };
        var command = new Command("listen", "Stay connected and work offers as they arrive (keys: a accept, d decline, c complete, q quit)") { id, after };
        command.SetAction(HotlineCli.Action(environment, (s, p, ct) => new ResponderListener(s, p.GetValue(id)!, p.GetValue(after)).RunAsync(ct)));
        return command;
    }

    private static Command Complete(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "Your responder id");
        var contact = Choice.Id("contact-id", "The contact you are working");
        var notSafe = ContactCommands.NotSafe();
        var command = new Command("complete", "Finish a contact you are working and free the capacity (as 'c' does in listen)") { id, contact, notSafe };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var request = new OfferActionRequest { ResponderId = p.GetValue(id)!, ContactId = p.GetValue(contact)!, CallerNotSafe = p.GetValue(notSafe) };
            var completed = await s.Responders.CompleteContactAsync(request, cancellationToken: ct);
            s.Show(completed, c => c.WriteLine(request.CallerNotSafe ? $"Completed contact {request.ContactId}; the caller was not safe." : $"Completed contact {request.ContactId}."));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CallBack(CliEnvironment environment)
    {
        var id = Choice.Id("responder-id", "Your responder id");
        var contact = Choice.Id("contact-id", "The call-back you accepted");
        var outcome = Choice.Of<CallBackOutcome>("--outcome", "reached (stays connected; complete it as usual) or not-reached (tried again after the retry delay)", required: true);
        var command = new Command("call-back", "Record how an attempt to call a person back went") { id, contact, outcome };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var request = new RecordCallBackOutcomeRequest
            {
                ResponderId = p.GetValue(id)!,
                ContactId = p.GetValue(contact)!,
                Outcome = ProtoEnum.Parse<CallBackOutcome>(p.GetValue(outcome)!),
            };
            var recorded = await s.Responders.RecordCallBackOutcomeAsync(request, cancellationToken: ct);
            s.Show(recorded, c => c.WriteLine(Views.CallBackLine(ProtoEnum.Show(recorded.Status), recorded.CallBack)));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static ChannelCapacity Capacity(string typed)
    {
        var parts = typed.Split('=', 2);
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"--capacity '{typed}' must be channel=number, such as voice=1");
        }

        return new ChannelCapacity { Channel = ProtoEnum.Parse<Channel>(parts[0]), Capacity = n };
    }
}
