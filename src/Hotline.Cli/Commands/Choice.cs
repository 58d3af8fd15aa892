using System.CommandLine;
using Hotline.Cli.Output;

namespace Hotline.Cli.Commands;

/// <summary>Options and arguments shared by the commands.</summary>
internal static class Choice
{
    /// <summary>An option taking one of a proto enum's values, typed in lower case with dashes.</summary>
    public static Option<string> Of<T>(string name, string description, string? defaultValue = null, bool required = false)
        where T : struct, Enum
    {
        var option = new Option<string>(name) { Description = description, Required = required && defaultValue is null };
        option.AcceptOnlyFromAmong(ProtoEnum.Names<T>());
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>A required text option.</summary>
    public static Option<string> Text(string name, string description, bool required = true) =>
        new(name) { Description = description, Required = required };

    /// <summary>An option that may be given several times.</summary>
    public static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };

    public static Argument<string> Id(string name, string description) => new(name) { Description = description };
}
