using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Microsoft.Extensions.Configuration;

namespace Hotline.Bench;

/// <summary>An operator: the subject their token names, which scopes their request ids, and their client.</summary>
public sealed record BenchOperator(string Subject, IntakeService.IntakeServiceClient Client);

/// <summary>
/// Clients over the run's one channel, each sending the token of one holder: an admin who
/// registers responders, a supervisor, numbered operators and every responder as themselves.
/// Health checks go without a token, as a load balancer's would.
/// </summary>
public sealed class BenchCallers
{
    /// <summary>Tokens are minted once, when a client is made, so this bounds how long a run can last.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(1);
    private static readonly string[] EveryRegion = ["*"];

    private readonly ChannelBase _channel;
    private readonly TokenIssuer _issuer;
    private readonly ConcurrentDictionary<string, BenchOperator> _operators = new(StringComparer.Ordinal);

    public BenchCallers(ChannelBase channel, TokenIssuer issuer)
    {
        _channel = channel;
        _issuer = issuer;
        Health = new Health.HealthClient(channel);
        Admin = new ResponderService.ResponderServiceClient(As(new TokenClaims("bench-admin", [HotlineClaims.Admin], [])));
        Supervisor = new SupervisorService.SupervisorServiceClient(
            As(new TokenClaims("bench-supervisor", [HotlineClaims.Supervisor], EveryRegion)));
    }

    public Health.HealthClient Health { get; }

    /// <summary>Registers responders (UpsertResponder is the admin's).</summary>
    public ResponderService.ResponderServiceClient Admin { get; }

    public SupervisorService.SupervisorServiceClient Supervisor { get; }

    /// <summary>
    /// The issuer of the hotline whose private token key is in <paramref name="keyDirectory"/> (an
    /// embedded hotline's key folder, a cluster's token folder). The key must already be there: a
    /// new one would only sign tokens the hotline refuses.
    /// </summary>
    public static TokenIssuer IssuerFor(string keyDirectory)
    {
        var keyFile = TokenIssuer.KeyFile(Path.GetFullPath(keyDirectory));
        if (!File.Exists(keyFile))
        {
            throw new IOException($"no private token key at {keyFile}; --keys names the folder holding the target hotline's private token key");
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [TokenIssuer.KeyDirectorySetting] = keyDirectory })
            .Build();
        return TokenIssuer.FromConfiguration(configuration);
    }

    /// <summary>Operators bench-operator-00 onwards, covering every region; the same subject gets the same client.</summary>
    public IReadOnlyList<BenchOperator> Operators(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Operator($"bench-operator-{i:D2}"))];

    public BenchOperator Operator(string subject) => _operators.GetOrAdd(subject, s =>
        new BenchOperator(s, new IntakeService.IntakeServiceClient(As(new TokenClaims(s, [HotlineClaims.Operator], EveryRegion)))));

    /// <summary>A client acting as the responder <paramref name="responderId"/>, its token's subject too.</summary>
    public ResponderService.ResponderServiceClient Responder(string responderId) =>
        new(As(new TokenClaims(responderId, [HotlineClaims.Responder], [], responderId)));

    private CallInvoker As(TokenClaims claims)
    {
        var bearer = $"Bearer {_issuer.Issue(claims, DateTimeOffset.UtcNow, TokenLifetime)}";
        return _channel.Intercept(headers =>
        {
            headers.Add("authorization", bearer);
            return headers;
        });
    }
}
