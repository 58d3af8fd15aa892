using System.CommandLine;
using Hotline.Hosting;
using Microsoft.Extensions.Hosting;

namespace Hotline.Silo;

/// <summary><c>audit verify [--case ID | --region CODE]</c> (see <see cref="AuditCommand"/>): exit 0 when the chains verify, 1 when one is broken.</summary>
internal static class AuditCommands
{
    private const string Settings = "Settings as in appsettings.json, e.g. --Hotline:Storage:DataDirectory=<dir>, or --Hotline:Storage:Provider=Postgres --Hotline:Storage:ConnectionString=<connection string>";

    public static Command Audit(Func<ParseResult, HostApplicationBuilder> settings)
    {
        var caseId = new Option<Guid?>("--case") { Description = "Verify this case's chain only" };
        var region = new Option<string?>("--region") { Description = "Verify this region's staff chain (presence changes) only" };
        var verify = new Command("verify", $"Recompute the audit's hash chains and report the first broken line of each (all chains unless one is named). {Settings}.")
        {
            caseId,
            region,
        };
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.Validators.Add(result =>
        {
            if (result.GetValue(caseId) is not null && result.GetValue(region) is not null)
            {
                result.AddError("--case and --region name one chain each: give one of them");
            }
        });
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var intact = await AuditCommand.VerifyAsync(settings(parse).Configuration, parse.GetValue(caseId), parse.GetValue(region),
                parse.InvocationConfiguration.Output, cancellationToken);
            return intact ? SiloCommand.Ok : SiloCommand.Failed;
        });
        return new Command("audit", "The tamper-evident audit") { verify };
    }
}
