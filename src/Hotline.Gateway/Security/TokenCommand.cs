using Hotline.Hosting;
using Hotline.Security;

namespace Hotline.Gateway.Security;

/// <summary>
/// <c>token</c>: mints a token for one person with the key of the local key folder, for an
/// embedded hotline or a trial. Production deployments mint tokens where staff sign in.
/// </summary>
public static class TokenCommand
{
    public const string Usage = """
        usage: token --role ROLE [--role ROLE] [--subject ID] [--region CODE]... [--responder ID]
                     [--hours N] [--data DIR] [--keys DIR]
          ROLE        operator, responder, supervisor or admin (repeat for several)
          --subject   who the token is for (staff login); defaults to the responder id
          --region    a region the holder covers (operators and supervisors; '*' for all)
          --responder the responder id a responder's token acts as
          --hours     lifetime, 1 to 720 (default 12)
          --data      the hotline's data folder (default: as configured, ./data)
          --keys      the key folder (default: keys inside the data folder)
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? clock = null)
    {
        var roles = new List<string>();
        var regions = new List<string>();
        string? subject = null, responder = null;
        var hours = 12;
        var overrides = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return Fail(error, $"unexpected '{args[i]}'");
            }

            switch (args[i++])
            {
                case "--role": roles.Add(value); break;
                case "--region": regions.Add(value); break;
                case "--subject": subject = value; break;
                case "--responder": responder = value; break;
                case "--hours" when int.TryParse(value, out var h) && h is >= 1 and <= 720: hours = h; break;
                case "--data": overrides[$"{StorageOptions.Section}:DataDirectory"] = value; break;
                case "--keys": overrides[$"{SecurityOptions.Section}:KeyDirectory"] = value; break;
                default: return Fail(error, $"'{args[i - 1]} {value}' is not understood");
            }
        }

        subject ??= responder;
        var problem = roles.Count == 0 ? "at least one --role is required"
            : roles.FirstOrDefault(r => !HotlineClaims.RoleNames.ContainsKey(r)) is { } unknown ? $"role '{unknown}' is not one of operator, responder, supervisor, admin"
            : string.IsNullOrWhiteSpace(subject) ? "--subject is required"
            : roles.Contains(HotlineClaims.Responder) && responder is null ? "a responder token needs --responder"
            : (roles.Contains(HotlineClaims.Operator) || roles.Contains(HotlineClaims.Supervisor)) && regions.Count == 0 ? "operators and supervisors need at least one --region"
            : null;
        if (problem is not null)
        {
            return Fail(error, problem);
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var issuer = TokenIssuer.FromConfiguration(configuration);
        output.WriteLine(issuer.Issue(new TokenClaims(subject!, roles, regions, responder), (clock ?? TimeProvider.System).GetUtcNow(), TimeSpan.FromHours(hours)));
        return 0;
    }

    private static int Fail(TextWriter error, string problem)
    {
        error.WriteLine($"token: {problem}");
        error.WriteLine(Usage);
        return 2;
    }
}
