extern alias cli;

using Hotline.Tests.Infrastructure;
using CliEnvironment = cli::Hotline.Cli.CliEnvironment;
using HotlineCli = cli::Hotline.Cli.HotlineCli;

namespace Hotline.Tests.Cli;

/// <summary>What one run of the <c>hotline</c> command printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The lines of JSON printed with <c>--json</c>.</summary>
    public string[] JsonLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToArray();
}

/// <summary>Runs the client in this process against a hotline over a real gRPC channel, with a recorded console.</summary>
public static class CliRun
{
    public static async Task<CliResult> RunAsync(HotlineHost host, Hotline.Gateway.Security.TokenClaims? claims, params string[] args)
    {
        var console = new RecordingConsole();
        var (exit, error) = await RunAsync(host, claims, console, args);
        return new CliResult(exit, console.Output, error);
    }

    /// <summary>Runs with a console the test drives (keys pushed while it runs).</summary>
    public static async Task<(int Exit, string Error)> RunAsync(HotlineHost host, Hotline.Gateway.Security.TokenClaims? claims, RecordingConsole console, string[] args,
        CancellationToken cancellationToken = default)
    {
        var error = new StringWriter();
        var environment = new CliEnvironment(console, new ConsoleWriter(console), error, _ => null, Time: host.Clock);
        string[] connection = claims is null ? ["--address", host.Address] : ["--address", host.Address, "--token", host.Token(claims)];
        var exit = await HotlineCli.RunAsync([.. args, .. connection], environment, cancellationToken);
        return (exit, error.ToString());
    }

    /// <summary>Plain text written to the recorded console (JSON lines go there too, unformatted).</summary>
    private sealed class ConsoleWriter(RecordingConsole console) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => console.Profile.Out.Writer.WriteLine(value);

        public override void Write(char value) => console.Profile.Out.Writer.Write(value);
    }
}
