using System.CommandLine;
using Grpc.Core;
using Hotline.Cli.Commands;
using Hotline.Cli.Output;

namespace Hotline.Cli;

/// <summary>The <c>hotline</c> command: global options, the command tree, and errors turned into sentences and exit codes.</summary>
public static class HotlineCli
{
    public const string DefaultAddress = "http://localhost:5080";
    public const string AddressVariable = "HOTLINE_ADDRESS";
    public const string TokenVariable = "HOTLINE_TOKEN";

    public static readonly Option<string?> Address = new("--address")
    {
        Description = $"The hotline's gRPC address (default: ${AddressVariable}, else {DefaultAddress})",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = $"Your bearer token (default: ${TokenVariable})",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print results as JSON (one object per line) for scripts",
        Recursive = true,
    };

    public static readonly Option<string?> Zone = new("--zone")
    {
        Description = $"The hotline's time zone, for times you type and read (default: ${HotlineZone.Variable}, else {HotlineZone.Default})",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = Build(environment);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            if (Suggestion.For(parsed) is { } suggestion)
            {
                environment.Error.WriteLine(suggestion);
                return ExitCodes.Usage;
            }

            foreach (var error in parsed.Errors)
            {
                environment.Error.WriteLine(error.Message);
            }

            environment.Error.WriteLine("Run 'hotline --help' to see the commands and their options.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken);
    }

    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("Hotline's command-line client: take contacts, work offers and cases, watch the queues.");
        root.Options.Add(Address);
        root.Options.Add(Token);
        root.Options.Add(Json);
        root.Options.Add(Zone);
        root.Subcommands.Add(ContactCommands.Build(environment));
        root.Subcommands.Add(ResponderCommands.Build(environment));
        root.Subcommands.Add(CaseCommands.Build(environment));
        root.Subcommands.Add(QueueCommands.Build(environment));
        root.Subcommands.Add(SurgeCommands.Build(environment));
        root.Subcommands.Add(DirectoryCommands.Roster(environment));
        root.Subcommands.Add(DirectoryCommands.Partners(environment));
        root.Subcommands.Add(StaffCommands.Build(environment));
        return root;
    }

    /// <summary>
    /// The action of a command that talks to the hotline: a session from the global options,
    /// and a refused call printed as a sentence with its exit code.
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(CliEnvironment environment, Func<CliSession, ParseResult, CancellationToken, Task<int>> run) =>
        async (parse, cancellationToken) =>
        {
            Uri address;
            try
            {
                address = new Uri(parse.GetValue(Address) ?? environment.Variable(AddressVariable) ?? DefaultAddress, UriKind.Absolute);
            }
            catch (UriFormatException)
            {
                environment.Error.WriteLine("--address must be an address such as http://localhost:5080");
                return ExitCodes.Usage;
            }

            var token = parse.GetValue(Token) ?? environment.Variable(TokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                environment.Error.WriteLine($"Not signed in: set {TokenVariable} or pass --token (the gateway's token command makes one).");
                return ExitCodes.For(StatusCode.Unauthenticated);
            }

            if (address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback)
            {
                environment.Error.WriteLine($"--address: refusing to send your token over plain http to {address.Host}; use https:// (plain http is for this machine only).");
                return ExitCodes.Usage;
            }

            using var session = new CliSession(address, token, parse.GetValue(Json), environment);
            try
            {
                return await run(session, parse, cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
            {
                environment.Error.WriteLine(ErrorReport.Sentence(error, address));
                return ExitCodes.For(error.StatusCode);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                // Interrupted (Ctrl+C) while a call was under way: whether it took effect is unknown.
                return ExitCodes.Interrupted;
            }
            catch (FormatException error)
            {
                environment.Error.WriteLine(error.Message);
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
        };
}
