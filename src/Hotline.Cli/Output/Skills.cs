namespace Hotline.Cli.Output;

/// <summary>
/// Skill codes as people type and read them: with dashes, like every other value the client takes
/// (<c>legal-aid</c>, as for <c>--service legal-aid</c>); the hotline's topology spells them with
/// underscores, which are accepted too.
/// </summary>
public static class Skills
{
    /// <summary>The default topology's skills, for the options' help (a deployment's own file may name others).</summary>
    public const string Known = "legal-aid, shelter, medical, psychosocial, interpretation, child-protection, labour-rights, return-reintegration";

    public static string ToWire(string typed) => typed.Trim().ToLowerInvariant().Replace('-', '_');

    public static string Show(string code) => code.Replace('_', '-');

    public static string Show(IEnumerable<string> codes) => string.Join(", ", codes.Select(Show));
}
