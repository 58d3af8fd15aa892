using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using static Hotline.Cli.Commands.CaseCommands;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline case consent</c>: what the person agreed to. The API replaces the consents whole, so
/// the command reads them first (an audited read of the case) and changes only what is named.
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
        return OnCase(environment, "consent", "Record what the person agreed to: sharing with partners, being contacted back, a safe channel and hours",
            [share, contactBack, channel, hours], async (s, id, p, ct) =>
            {
                if (p.GetValue(share) is null && p.GetValue(contactBack) is null && p.GetValue(channel) is null && p.GetValue(hours) is null)
                {
                    throw new FormatException("case consent: name at least one of --share-with-partners, --contact-back, --safe-channel, --safe-hours");
                }

                var current = (await s.Cases.GetCaseAsync(new GetCaseRequest { CaseId = id }, cancellationToken: ct)).Facts?.Consents ?? new Consents();
                var consents = current.Clone();
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

                if (p.GetValue(hours) is { } when)
                {
                    consents.SafeHours = Input.Confidential(when, environment);
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
