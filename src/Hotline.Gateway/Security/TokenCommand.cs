using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Hotline.Hosting;
using Hotline.Security;

namespace Hotline.Gateway.Security;

/// <summary>
/// <c>token</c>: mints a token for one person with the private token key of a key folder (an
/// embedded hotline's, or a cluster's token folder), making the key pair there on first use.
/// Production deployments mint tokens where staff sign in.
/// </summary>
public static class TokenCommand
{
    public const int Ok = 0;

    /// <summary>The key folder cannot mint tokens (it holds the public key only, or a key file is damaged).</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: an unknown or malformed option, or claims that do not make a token.</summary>
    public const int Usage = 2;

    private const int DefaultHours = 12;
    private const int MaxHours = 720;

    private static readonly Option<string[]> Roles = new("--role")
    {
        Description = "operator, responder, supervisor or admin (repeat for several)",
        HelpName = "role",
        DefaultValueFactory = _ => [],
    };

    private static readonly Option<string?> Subject = new("--subject") { Description = "Who the token is for (staff login); defaults to the responder id", HelpName = "id" };

    private static readonly Option<string[]> Regions = new("--region")
    {
        Description = "A region the holder covers (operators and supervisors; '*' for all; repeat for several)",
        HelpName = "code",
        DefaultValueFactory = _ => [],
    };

    private static readonly Option<string?> Responder = new("--responder") { Description = "The responder id a responder's token acts as", HelpName = "id" };

    private static readonly Option<int> Hours = new("--hours")
    {
        Description = $"Lifetime in hours, 1 to {MaxHours}",
        HelpName = "n",
        DefaultValueFactory = _ => DefaultHours,
        CustomParser = ParseHours,
    };

    private static readonly Option<string?> Data = new("--data") { Description = "The hotline's data folder (default: as configured, ./data)", HelpName = "dir" };
    private static readonly Option<string?> Keys = new("--keys") { Description = "The folder of the private token key (default: keys inside the data folder)", HelpName = "dir" };
    private static readonly Option<bool> Create = new("--create") { Description = "Make a new token key pair in the key folder when it has none (a cluster's token folder; an embedded hotline makes its own at first start)" };

    private static readonly Command Command = new("token", "Mint a token for one person with the private token key (an embedded hotline's key folder, or a cluster's token folder)")
    {
        Roles, Subject, Regions, Responder, Hours, Data, Keys, Create, new HelpOption(),
    };

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? clock = null)
    {
        var parse = Command.Parse(args);
        if (parse.Action is HelpAction)
        {
            return parse.Invoke(new InvocationConfiguration { Output = output });
        }

        // An unknown option is named on its own: the value after it may be an id or a path. The
        // parser's own error for it (on the command, which has no arguments) would repeat both.
        List<string> problems =
        [
            .. parse.UnmatchedTokens.Select(Unexpected).Distinct(StringComparer.Ordinal),
            .. parse.Errors.Where(e => e.SymbolResult is not CommandResult || parse.UnmatchedTokens.Count == 0).Select(e => e.Message),
        ];
        if (problems.Count == 0 && Problem(parse) is { } problem)
        {
            problems.Add(problem);
        }

        if (problems.Count > 0)
        {
            foreach (var line in problems)
            {
                error.WriteLine($"token: {line}");
            }

            Command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = error });
            return Usage;
        }

        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(Data) is { } dataDirectory)
        {
            overrides[$"{StorageOptions.Section}:DataDirectory"] = dataDirectory;
        }

        if (parse.GetValue(Keys) is { } keyDirectory)
        {
            overrides[$"{SecurityOptions.Section}:KeyDirectory"] = keyDirectory;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        if (UnknownRegion(configuration, parse.GetValue(Regions)!) is { } region)
        {
            error.WriteLine($"token: --region {region}");
            return Usage;
        }

        // Keys made in the wrong folder would mint tokens every call then refuses.
        var folder = Path.GetFullPath(SecurityOptions.KeyDirectoryOf(configuration));
        if (!parse.GetValue(Create) && !File.Exists(TokenKeys.PrivateKeyFile(folder)) && !File.Exists(TokenKeys.PublicKeyFile(folder))
            && !File.Exists(TokenKeys.LegacyKeyFile(folder)))
        {
            error.WriteLine($"token: {folder} holds no token key, so it is not this hotline's key folder. Start the hotline once (it makes its keys), "
                + "run this from the folder you start it in, name the folder with --data or --keys, or add --create to make a new pair there.");
            return Failed;
        }

        TokenIssuer issuer;
        try
        {
            issuer = TokenIssuer.FromConfiguration(configuration, out var replacedLegacyKey);
            if (replacedLegacyKey)
            {
                error.WriteLine($"token: the HS256 key {TokenKeys.LegacyKeyFileName} was replaced by an ES256 pair and deleted; tokens minted before are refused and must be issued again. Give the gateways the new {TokenKeys.PublicKeyFileName}.");
            }
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"token: {e.Message}");
            return Failed;
        }

        var responder = parse.GetValue(Responder);
        var claims = new TokenClaims((parse.GetValue(Subject) ?? responder)!, parse.GetValue(Roles)!, parse.GetValue(Regions)!, responder);
        output.WriteLine(issuer.Issue(claims, (clock ?? TimeProvider.System).GetUtcNow(), TimeSpan.FromHours(parse.GetValue(Hours)), out var tokenId));
        error.WriteLine($"token: signed with the token key in {folder}");
        error.WriteLine($"token: id {tokenId} (keep it to revoke this token alone: hotline staff revoke-token {tokenId})");
        return Ok;
    }

    /// <summary>"code: why" for the first --region that is neither '*' nor a region of the hotline's topology.</summary>
    private static string? UnknownRegion(IConfiguration configuration, string[] regions)
    {
        var file = configuration.GetSection(TopologyOptions.Section).Get<TopologyOptions>()?.File ?? new TopologyOptions().File;
        var topology = Topology.RegionTopology.Load(Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file));
        return regions.FirstOrDefault(r => r != "*" && !topology.RegionCodes.Contains(r)) is { } unknown
            ? $"is not '*' or one of: {string.Join(", ", topology.RegionCodes.Order(StringComparer.Ordinal))}"
            : null;
    }

    private static string? Problem(ParseResult parse)
    {
        var roles = parse.GetValue(Roles)!;
        var responder = parse.GetValue(Responder);
        return roles.Length == 0 ? "at least one --role is required"
            : roles.FirstOrDefault(r => !HotlineClaims.RoleNames.ContainsKey(r)) is { } unknown ? $"role '{unknown}' is not one of operator, responder, supervisor, admin"
            : string.IsNullOrWhiteSpace(parse.GetValue(Subject) ?? responder) ? "--subject is required"
            : !Hotline.Access.StaffSubject.IsValid((parse.GetValue(Subject) ?? responder)!) ? $"--subject {Hotline.Access.StaffSubject.Rule}"
            : roles.Contains(HotlineClaims.Responder) && responder is null ? "a responder token needs --responder"
            : (roles.Contains(HotlineClaims.Operator) || roles.Contains(HotlineClaims.Supervisor)) && parse.GetValue(Regions)!.Length == 0 ? "operators and supervisors need at least one --region"
            : null;
    }

    private static int ParseHours(ArgumentResult result)
    {
        if (int.TryParse(result.Tokens.Single().Value, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours is >= 1 and <= MaxHours)
        {
            return hours;
        }

        result.AddError($"--hours must be a whole number from 1 to {MaxHours}");
        return DefaultHours;
    }

    /// <summary>Names an unknown option without the value glued to it; a stray value is not repeated at all.</summary>
    private static string Unexpected(string token) =>
        token.StartsWith('-') ? $"'{token.Split('=', 2)[0]}' is not an option of token"
        : "a value with no option before it (each value follows its --option)";
}
