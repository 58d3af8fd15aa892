using System.Threading.RateLimiting;
using Hotline.Gateway.Hosting;
using Hotline.Hosting;
using Hotline.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Hotline.Gateway.Security;

/// <summary>
/// Who may call the gateway: a valid hotline token on every call except health checks,
/// roles checked on each method, request sizes bounded, intake rate limited per caller.
/// </summary>
public static partial class GatewaySecurity
{
    /// <summary>The rate-limiting policy on intake.</summary>
    public const string IntakePolicy = "intake";

    public static WebApplicationBuilder AddHotlineSecurity(this WebApplicationBuilder builder)
    {
        var issuer = TokenIssuer.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(issuer);
        builder.Services.AddSingleton(CallerKeysFrom(builder.Configuration));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = issuer.ValidationParameters();
            // Tokens come in the authorization header only; nothing is read from the query.
        });

        // Anything not marked otherwise needs a signed-in caller; each method names its roles.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var limits = builder.Configuration.GetSection(LimitOptions.Section).Get<LimitOptions>() ?? new LimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(IntakePolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirst(HotlineClaims.Subject)?.Value ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.IntakePerMinute,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limits.IntakePerMinute,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = (context, _) =>
            {
                // A gRPC status (trailers-only response), so clients see RESOURCE_EXHAUSTED.
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["grpc-message"] = $"intake: at most {limits.IntakePerMinute} contacts a minute per caller; retry shortly";
                return ValueTask.CompletedTask;
            };
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC refuses any one message over HotlineGateway.MaxRequestBytes from its length
            // prefix, before reading it; this bounds a whole call (a stream of messages) as well.
            kestrel.Limits.MaxRequestBodySize = 16 * HotlineGateway.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 256;
        });
        return builder;
    }

    public static WebApplication UseHotlineSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.Lifetime.ApplicationStarted.Register(() => WarnIfPlaintextBeyondLoopback(app));
        return app;
    }

    private static CallerKeys CallerKeysFrom(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        return new CallerKeys(SecretFile.ReadOrCreate(SecurityOptions.CallerKeyFile(security.ResolveKeyDirectory(storage.DataDirectory))));
    }

    /// <summary>Tokens and case data cross the network in the clear without TLS: say so loudly.</summary>
    private static void WarnIfPlaintextBeyondLoopback(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewaySecurity));
        foreach (var address in app.Urls)
        {
            if (Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri.Host))
            {
                LogPlaintext(logger, address);
            }
        }
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    [LoggerMessage(Level = LogLevel.Critical, Message = "INSECURE: the gateway listens on {Address} without TLS; tokens and case data cross the network in the clear. Configure an https endpoint (see README, Security).")]
    private static partial void LogPlaintext(ILogger logger, string address);
}

/// <summary>Abuse limits (section <c>Hotline:Limits</c>).</summary>
public sealed class LimitOptions
{
    public const string Section = "Hotline:Limits";

    /// <summary>Contacts one caller (token subject) may open per minute, with bursts up to the same number.</summary>
    public int IntakePerMinute { get; set; } = 60;
}
