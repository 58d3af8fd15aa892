using Hotline.Gateway.Hosting;
using Hotline.Gateway.Telemetry;
using Hotline.Hosting;
using Hotline.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Gateway.Security;

/// <summary>
/// Who may call the gateway: a valid hotline token on every call except health checks,
/// or of the identity provider when one is set (<see cref="IdentityProvider"/>),
/// roles checked on each method, request sizes bounded, every call limited per caller (<see cref="CallLimits"/>).
/// </summary>
public static partial class GatewaySecurity
{
    public static WebApplicationBuilder AddHotlineSecurity(this WebApplicationBuilder builder)
    {
        RefusePlaintextBeyondLoopback(builder.Configuration);
        SecretFile.RequireOwnerOnly(SecurityOptions.KeyDirectoryOf(builder.Configuration));
        // The public token key only: the private one stays where tokens are minted.
        var validator = TokenValidator.FromConfiguration(builder.Configuration, out var replacedLegacyKey);
        if (replacedLegacyKey)
        {
            builder.Services.AddHostedService<LegacyTokenKeyNotice>();
        }

        var provider = IdentityProviderOptions.From(builder.Configuration);
        provider.Validate();
        var authentication = builder.Services.AddAuthentication(provider.Enabled ? IdentityProvider.ByIssuer : JwtBearerDefaults.AuthenticationScheme);
        if (provider.Enabled)
        {
            authentication.AddIdentityProvider(provider, SecurityOptions.From(builder.Configuration).Issuer);
        }

        authentication.AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = validator.Parameters();
            // Tokens come in the authorization header only; nothing is read from the query.
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = RefuseRevokedAsync,
                OnChallenge = GrpcRefusals.Challenge,
                OnForbidden = GrpcRefusals.Forbidden,
            };
        });

        var refresh = SecurityOptions.From(builder.Configuration).RevocationRefresh;
        if (refresh <= TimeSpan.Zero || refresh > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"{SecurityOptions.Section}:RevocationRefresh must be more than 0 and at most one minute.");
        }

        builder.Services.AddSingleton<RevocationCache>();
        builder.Services.AddHostedService<RevocationRefresher>();

        // Anything not marked otherwise needs a signed-in caller; each method names its roles.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddHotlineCallLimits(builder.Configuration.GetSection(LimitOptions.Section).Get<LimitOptions>() ?? new LimitOptions());

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC refuses any message over HotlineGateway.MaxRequestBytes from its length prefix,
            // before reading it; this is the backstop for anything else posted to the port.
            kestrel.Limits.MaxRequestBodySize = 16 * HotlineGateway.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 256;
        });
        return builder;
    }

    /// <summary>A signed, unexpired token an admin revoked is refused like a bad one (UNAUTHENTICATED, saying so).</summary>
    internal static async Task RefuseRevokedAsync(TokenValidatedContext context)
    {
        try
        {
            await context.HttpContext.RequestServices.GetRequiredService<RevocationCache>().CheckAsync(context.Principal!);
        }
        catch (Microsoft.IdentityModel.Tokens.SecurityTokenException refused)
        {
            context.Fail(refused);
        }
    }

    public static WebApplication UseHotlineSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.Lifetime.ApplicationStarted.Register(() => WarnIfPlaintextBeyondLoopback(app));
        return app;
    }

    /// <summary>
    /// Tokens and case data would cross the network in the clear: plain HTTP is for loopback,
    /// unless the operator states that a TLS-terminating proxy sits in front.
    /// </summary>
    private static void RefusePlaintextBeyondLoopback(IConfiguration configuration)
    {
        if (SecurityOptions.From(configuration).AllowPlaintextBehindProxy)
        {
            return;
        }

        // Kestrel endpoints, --urls / ASPNETCORE_URLS, and ASPNETCORE_HTTP_PORTS (which binds every address).
        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"])
            .Concat((configuration["urls"] ?? "").Split(';'))
            .Concat((configuration["http_ports"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(port => $"http://*:{port.Trim()}"))
            .OfType<string>().Where(u => u.Length > 0);
        if (urls.FirstOrDefault(IsPlaintextBeyondLoopback) is { } url)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {url} without TLS: tokens and case data would cross the network in the clear. " +
                $"Use an https endpoint (README, Security), or set {SecurityOptions.Section}:AllowPlaintextBehindProxy=true when a TLS-terminating proxy is in front.");
        }
    }

    /// <summary>
    /// Checks the addresses actually bound: plain HTTP beyond loopback that got past the
    /// settings check stops the gateway; when it was allowed, it is said loudly at every start.
    /// </summary>
    private static void WarnIfPlaintextBeyondLoopback(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewaySecurity));
        var allowed = SecurityOptions.From(app.Configuration).AllowPlaintextBehindProxy;
        // The metrics port takes no token and shows no case data: it is not the gateway's door.
        var metricsPort = GatewayTelemetry.MetricsUrl(app.Configuration)?.Port;
        foreach (var address in app.Urls.Where(a => IsPlaintextBeyondLoopback(a) && PortOf(a) != metricsPort))
        {
            if (!allowed)
            {
                LogStopping(logger, address);
                app.Lifetime.StopApplication();
                return;
            }

            LogPlaintext(logger, address);
        }
    }

    private static int? PortOf(string address) =>
        Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : null;

    private static bool IsPlaintextBeyondLoopback(string address) =>
        Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri.Host);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stopping: the gateway was bound to {Address} without TLS and AllowPlaintextBehindProxy is not set.")]
    private static partial void LogStopping(ILogger logger, string address);

    private static bool IsLoopback(string host) =>
        host == "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    [LoggerMessage(Level = LogLevel.Critical, Message = "INSECURE: the gateway listens on {Address} without TLS (AllowPlaintextBehindProxy is set); tokens and case data cross that network in the clear unless a TLS-terminating proxy is the only way in.")]
    private static partial void LogPlaintext(ILogger logger, string address);
}
