using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using static Hotline.Cli.Commands.CaseCommands;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline case consent</c>: what the person agreed to and the rules of reaching them safely. The
/// API replaces the consents whole, so the command reads them first (an audited read of the case)
/// and changes only what is named; the code word, which a read never returns, stays unless
/// <c>--code-word</c> or <c>--clear-code-word</c> is given.
/// </summary>
internal static class CaseConsent
{
    private static readonly string[] YesNo = ["yes", "no"];

    public static Command Build(CliEnvironment environment)
    {
        var share = YesOrNo("--share-with-partners", "May the case be shared with partner organisations outside the hotline (referrals)?");
        var contactBack = YesOrNo("--contact-back", "May the person be contacted back (call-backs)? 'no' cancels call-backs waiting");
        var channel = new Option<string>("--safe-channel") { Description = $"The channel that is safe to reach them on: {string.Join(", ", ProtoEnum.Names<Channel>())}, or none" };
        channel.AcceptOnlyFromAmong([.. ProtoEnum.Names<Channel>(), "none"]);
        var hours = Choice.Text("--safe-hours", "When it is safe to reach them, in their words (confidential; \"-\" reads it from standard input)", required: false);
        var window = Choice.Text("--safe-window", $"When call-backs and follow-ups may be offered, on the hotline's clock: {SafeWindowInput.Form}; 'none' withdraws it", required: false);
        var noMessage = YesOrNo("--no-message", "No message may be left for them: no voicemail, no SMS, no note with someone else");
        var codeWord = Choice.Text("--code-word", "A word the person gave to know the hotline by (confidential, never shown back; \"-\" reads it from standard input)", required: false);
        var clearCodeWord = new Option<bool>("--clear-code-word") { Description = "Remove the code word (without it or --code-word, the one set stays)" };
        return OnCase(environment, "consent", "Record what the person agreed to: sharing with partners, being contacted back, and the rules of reaching them safely",
            [share, contactBack, channel, hours, window, noMessage, codeWord, clearCodeWord], async (s, id, p, ct) =>
            {
                var word = p.GetValue(codeWord);
                var clear = p.GetValue(clearCodeWord);
                if (p.GetValue(share) is null && p.GetValue(contactBack) is null && p.GetValue(channel) is null && p.GetValue(hours) is null
                    && p.GetValue(window) is null && p.GetValue(noMessage) is null && word is null && !clear)
                {
                    throw new FormatException("case consent: name at least one of --share-with-partners, --contact-back, --safe-channel, --safe-hours, --safe-window, --no-message, --code-word, --clear-code-word");
                }

                if (word is not null && clear)
                {
                    throw new FormatException("case consent: give --code-word or --clear-code-word, not both");
                }

                // Read before the call, so a mistyped window changes nothing and reads nothing; the
                // confidential fields in the order the help lists them, for each "-" to take its line.
                var typedWindow = p.GetValue(window);
                var safeWindow = typedWindow is null ? null : SafeWindowInput.Parse("--safe-window", typedWindow);
                var safeHours = p.GetValue(hours) is { } when ? Input.Confidential(when, environment) : null;
                var given = word is null ? null : Input.Confidential(word, environment);
                if (given is not null && string.IsNullOrWhiteSpace(given))
                {
                    throw new FormatException("--code-word must not be blank (--clear-code-word removes it)");
                }

                var current = (await s.Cases.GetCaseAsync(new GetCaseRequest { CaseId = id }, cancellationToken: ct)).Facts?.Consents ?? new Consents();
                var consents = current.Clone();
                // A read says only whether a code word is set; an update keeps it by sending none.
                consents.CodeWordSet = false;
                consents.CodeWord = given ?? "";
                consents.ClearCodeWord = clear;
                if (p.GetValue(share) is { } sharing)
                {
                    consents.ShareWithPartners = sharing == "yes";
                }

                if (p.GetValue(contactBack) is { } back)
                {
                    consents.ContactBack = back == "yes";
                }

                if (p.GetValue(channel) is { } safe)
                {
                    consents.SafeChannel = safe == "none" ? Channel.Unspecified : ProtoEnum.Parse<Channel>(safe);
                }

                if (safeHours is not null)
                {
                    consents.SafeHours = safeHours;
                }

                if (typedWindow is not null)
                {
                    consents.SafeWindow = safeWindow;
                }

                if (p.GetValue(noMessage) is { } none)
                {
                    consents.NoMessage = none == "yes";
                }

                Shown(s, await s.Cases.UpdateCaseFactsAsync(new UpdateCaseFactsRequest { CaseId = id, Consents = consents }, cancellationToken: ct));
            });
    }

    private static Option<string> YesOrNo(string name, string description)
    {
        var option = new Option<string>(name) { Description = $"{description} (yes or no)" };
        option.AcceptOnlyFromAmong(YesNo);
        return option;
    }
}
