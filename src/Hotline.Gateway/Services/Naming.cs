using System.Text;

namespace Hotline.Gateway.Services;

/// <summary>How C# names are written in the API: PascalCase becomes snake_case.</summary>
internal static class Naming
{
    /// <summary>"ForcedLabour" → "forced_labour".</summary>
    public static string Snake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    /// <summary>"ForcedLabour" → "FORCED_LABOUR", as a proto enum value is named without its prefix.</summary>
    public static string Upper(string pascal) => Snake(pascal).ToUpperInvariant();
}
