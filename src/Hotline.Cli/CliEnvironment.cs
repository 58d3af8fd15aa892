using Spectre.Console;

namespace Hotline.Cli;

/// <summary>Where the client writes and what it reads of its surroundings; tests give it a recorded console.</summary>
public sealed record CliEnvironment(IAnsiConsole Console, TextWriter Out, TextWriter Error, Func<string, string?> Variable, TextReader? Input = null, TimeProvider? Time = null)
{
    /// <summary>Standard input: where confidential fields given as "-" are read from.</summary>
    public TextReader In => Input ?? System.Console.In;

    /// <summary>The clock offer countdowns and waiting times are read against.</summary>
    public TimeProvider Clock => Time ?? TimeProvider.System;

    public static CliEnvironment FromProcess() =>
        new(AnsiConsole.Console, System.Console.Out, System.Console.Error, Environment.GetEnvironmentVariable);
}
