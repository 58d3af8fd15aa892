using System.Reflection;
using Google.Protobuf.Reflection;

namespace Hotline.Cli.Output;

/// <summary>Proto enum values as people type and read them: <c>EXPLOITATION_TYPE_FORCED_LABOUR</c> is <c>forced-labour</c>.</summary>
public static class ProtoEnum
{
    /// <summary>Every value but the unspecified one, as typed.</summary>
    public static string[] Names<T>()
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0).Select(Show)];

    public static T Parse<T>(string typed)
        where T : struct, Enum
    {
        var wanted = typed.Trim();
        foreach (var value in Enum.GetValues<T>())
        {
            if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0 && string.Equals(Show(value), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new FormatException($"'{typed}' is not one of: {string.Join(", ", Names<T>())}");
    }

    /// <summary>The value as typed; "-" for the unspecified one.</summary>
    public static string Show<T>(T value)
        where T : struct, Enum
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return "-";
        }

        var name = value.ToString();
        var original = typeof(T).GetField(name)?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? name;
        var prefix = UpperSnake(typeof(T).Name) + "_";
        var bare = original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;
        return bare.ToLowerInvariant().Replace('_', '-');
    }

    private static string UpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
