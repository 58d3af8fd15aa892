using System.CommandLine;
using Hotline.Api.V1;
using Hotline.Cli.Output;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline erase case|person</c>: erasure on request (admins).</summary>
internal static class ErasureCommands
{
    public static Command Build(CliEnvironment environment) =>
        new("erase", "Erase personal data on request (admins; audited)") { Case(environment), Person(environment) };

    private static Command Case(CliEnvironment environment)
    {
        var id = Choice.Id("case-id", "The case (every contact ended, not in progress)");
        var command = new Command("case", "Erase one case's personal fields now") { id };
        command.SetAction(HotlineCli.Action(environment, async (s, p, ct) =>
        {
            var erased = await s.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = p.GetValue(id)! }, cancellationToken: ct);
            s.Show(erased, c => c.WriteLine($"Case erased at {Views.Time(erased.ErasedAt)}."));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Person(CliEnvironment environment)
    {
        var reference = Choice.Text("--caller-reference", "The person's number or handle; '-' reads it from standard input, keeping it out of the shell's history");
        var command = new Command("person", "Erase every case opened from a person's number, in every region") { reference };
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
}
