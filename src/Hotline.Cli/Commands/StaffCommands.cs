using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline staff ...</c>: admins revoke a lost token, or every token of someone who left, and disable or enable a responder.</summary>
internal static class StaffCommands
{
    public static Command Build(CliEnvironment environment)
    {
        var staff = new Command("staff", "Revoke tokens, disable responders (admins): every gateway refuses them within a minute");

        var tokenId = Choice.Id("token-id", "The token's id, as the token command printed it (or the identity provider's jti)");
        var revokeToken = new Command("revoke-token", "Revoke one token (a lost phone); the holder's other tokens still work") { tokenId };
        revokeToken.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var done = await s.Staff.RevokeTokenAsync(new RevokeTokenRequest { TokenId = p.GetValue(tokenId)! }, cancellationToken: ct);
            s.Show(done, c => c.WriteLine($"Token revoked at {Views.Time(done.RevokedAt)}."));
            return ExitCodes.Ok;
        }));
        staff.Subcommands.Add(revokeToken);

        var subject = Choice.Id("subject", "The token subject (the login the tokens were made for)");
        var revokeSubject = new Command("revoke-subject", "Revoke every token of a subject issued until now (someone who left); tokens made after still work") { subject };
        revokeSubject.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var done = await s.Staff.RevokeSubjectAsync(new RevokeSubjectRequest { Subject = p.GetValue(subject)! }, cancellationToken: ct);
            s.Show(done, c => c.WriteLine($"Every token of {p.GetValue(subject)} issued until {Views.Time(done.RevokedAt)} is revoked."));
            return ExitCodes.Ok;
        }));
        staff.Subcommands.Add(revokeSubject);

        var responderId = Choice.Id("responder-id", "The responder's id");
        var disable = new Command("disable-responder", "Offboard a responder: their tokens are refused, their streams end, an open offer goes back") { responderId };
        disable.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var done = await s.Staff.DisableResponderAsync(new ResponderAccessRequest { ResponderId = p.GetValue(responderId)! }, cancellationToken: ct);
            s.Show(done, c => c.WriteLine($"Responder {done.ResponderId} is disabled since {Views.Time(done.DisabledAt)}."));
            return ExitCodes.Ok;
        }));
        staff.Subcommands.Add(disable);

        var enable = new Command("enable-responder", "Let a disabled responder work again (offline until they set their presence)") { responderId };
        enable.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var done = await s.Staff.EnableResponderAsync(new ResponderAccessRequest { ResponderId = p.GetValue(responderId)! }, cancellationToken: ct);
            s.Show(done, c => c.WriteLine($"Responder {done.ResponderId} may work again."));
            return ExitCodes.Ok;
        }));
        staff.Subcommands.Add(enable);
        return staff;
    }
}
