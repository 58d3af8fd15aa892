namespace Hotline.Cli.Commands;

/// <summary>What a person types that the client must keep out of sight.</summary>
internal static class Input
{
    /// <summary>
    /// A confidential field: "-" reads one line from standard input, so the words a person said
    /// never sit in the process list or the shell's history (each "-" takes the next line, in the
    /// order the command's help lists the options).
    /// </summary>
    public static string Confidential(string? value, CliEnvironment environment) =>
        value == "-" ? environment.In.ReadLine() ?? "" : value ?? "";
}
