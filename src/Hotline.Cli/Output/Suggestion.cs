using System.CommandLine;

namespace Hotline.Cli.Output;

/// <summary>For a mistyped command: the nearest one the command line has, by edit distance.</summary>
public static class Suggestion
{
    /// <summary>"Did you mean ...?" and where to read more, for the first word the parser could not place, or null when nothing is near.</summary>
    public static string? For(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var typed = parsed.UnmatchedTokens.Count > 0 ? parsed.UnmatchedTokens[0] : null;
        if (typed is null || typed.StartsWith('-') || command.Subcommands.Count == 0)
        {
            return null;
        }

        var (name, distance) = command.Subcommands
            .Where(c => !c.Hidden)
            .Select(c => (c.Name, Distance: Distance(typed.ToLowerInvariant(), c.Name)))
            .MinBy(c => c.Distance);
        var path = string.Join(' ', Path(parsed.CommandResult));
        var help = $"{Environment.NewLine}Run '{path} --help' to see its commands.";
        return distance <= Math.Max(2, typed.Length / 3)
            ? $"'{typed}' is not a command of '{path}'. Did you mean '{path} {name}'?{help}"
            : $"'{typed}' is not a command of '{path}'. Its commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}.{help}";
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is System.CommandLine.Parsing.CommandResult c)
            {
                names.Push(c.Command is RootCommand ? "hotline" : c.Command.Name);
            }
        }

        return names;
    }

    /// <summary>Levenshtein distance (insertions, deletions and substitutions; a swap counts two).</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
