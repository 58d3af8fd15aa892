using System.CommandLine;
using Hotline.Hosting;
using Microsoft.Extensions.Hosting;

namespace Hotline.Silo;

/// <summary>
/// <c>audit verify [--case ID | --region CODE [--anchor LINK:HASH]]</c> (see <see cref="AuditCommand"/>):
/// exit 0 when the chains verify, 1 when one is broken.
/// </summary>
internal static class AuditCommands
{
    private const string Settings = "Settings as in appsettings.json, e.g. --Hotline:Storage:DataDirectory=<dir>, or --Hotline:Storage:Provider=Postgres --Hotline:Storage:ConnectionString=<connection string>";

    public static Command Audit(Func<ParseResult, HostApplicationBuilder> settings)
    {
        var caseId = new Option<Guid?>("--case") { Description = "Verify this case's chain only" };
        var region = new Option<string?>("--region") { Description = "Verify this region's staff chain (presence changes) only" };
        var anchor = new Option<string?>("--anchor") { Description = "With --case or --region: a head printed by an earlier run (LINK:HASH) the chain must still hold" };
        anchor.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !AuditCommand.IsAnchor(value))
            {
                result.AddError("--anchor must be a link number, a colon and a 64-digit hex hash, as 'audit verify' prints a head");
            }
        });
        var verify = new Command("verify", $"Recompute the audit's hash chains and report the first broken line of each (all chains unless one is named). {Settings}.")
        {
            caseId,
            region,
            anchor,
        };
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.Validators.Add(result =>
        {
            var named = (result.GetValue(caseId) is not null ? 1 : 0) + (result.GetValue(region) is not null ? 1 : 0);
            if (named > 1)
            {
                result.AddError("--case and --region name one chain each: give one of them");
            }
            else if (named == 0 && result.GetValue(anchor) is not null)
            {
                result.AddError("--anchor needs the chain it belongs to: --case or --region");
            }
        });
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var intact = await AuditCommand.VerifyAsync(settings(parse).Configuration, parse.GetValue(caseId), parse.GetValue(region), parse.GetValue(anchor),
                parse.InvocationConfiguration.Output, cancellationToken);
            return intact ? SiloCommand.Ok : SiloCommand.Failed;
        });
        return new Command("audit", "The tamper-evident audit") { verify };
    }
}
