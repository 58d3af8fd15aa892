namespace Hotline.Silo;

/// <summary>
/// The arguments the command line leaves to the configuration, checked against the forms the
/// configuration's command-line source reads (<c>--Key=value</c>, <c>--Key value</c>,
/// <c>/Key=value</c>, <c>/Key value</c>, <c>Key=value</c>). That source skips anything else
/// without a word, so a mistyped option would otherwise start a silo with a default.
/// </summary>
internal static class ConfigurationArguments
{
    /// <summary>What is wrong, one sentence per argument; each names the option but never repeats a value, which may be a password.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var separator = token.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? token : token[..separator];
            if (token.StartsWith("--", StringComparison.Ordinal) || token.StartsWith('/'))
            {
                if (name.TrimStart('-', '/').Length == 0)
                {
                    yield return "A setting needs a name: --Section:Key=value";
                }
                else if (separator < 0 && ++i >= tokens.Count)
                {
                    yield return $"'{name}' needs a value: {name}=value";
                }
            }
            else if (token.StartsWith('-'))
            {
                yield return $"'{name}' is not an option; settings are written --Section:Key=value";
            }
            else if (separator <= 0)
            {
                yield return "A value with no setting before it; settings are written --Section:Key=value";
            }
        }
    }
}
