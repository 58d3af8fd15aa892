using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Reflection.V1Alpha;
using Hotline.Api.V1;
using Hotline.Gateway.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Tests.Security;

/// <summary>Only tokens this hotline signed, for this audience and still valid, get in; health needs none.</summary>
public sealed class TokenTests(SharedHotline fixture) : IClassFixture<SharedHotline>
{
    private HotlineHost Host => fixture.Host;

    private static readonly GetQueueStatsRequest AnyRegion = new() { Regions = { People.Region } };

    [Fact]
    public async Task TokensThatAreExpiredForeignOrForAnotherAudienceAreUnauthenticated()
    {
        var keys = Path.Combine(Host.DataDirectory, "keys");
        var ours = Host.Issuer;
        var foreign = new TokenIssuer(ECDsa.Create(ECCurve.NamedCurves.nistP256), "hotline", "hotline");
        var otherAudience = new TokenIssuer(TokenKeys.LoadPrivate(keys), "hotline", "elsewhere");
        var now = DateTimeOffset.UtcNow;

        var valid = ours.Issue(People.SupervisorIn, now, TimeSpan.FromMinutes(10));
        Assert.Single((await Client(valid).GetQueueStatsAsync(AnyRegion)).Regions);

        foreach (var (token, why) in new[]
        {
            (ours.Issue(People.SupervisorIn, now - TimeSpan.FromHours(2), TimeSpan.FromHours(1)), "the token has expired"),
            (foreign.Issue(People.SupervisorIn, now, TimeSpan.FromMinutes(10)), "not signed by this hotline's token key"),
            (otherAudience.Issue(People.SupervisorIn, now, TimeSpan.FromMinutes(10)), "the token is for another hotline"),
            (valid[..^4] + "AAAA", "not signed by this hotline's token key"),
            ("not-a-token", "the token could not be read"),
        })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => Client(token).GetQueueStatsAsync(AnyRegion).ResponseAsync);
            // A gRPC status of its own, not a bare HTTP 401, saying what is wrong with the token.
            Assert.Equal((StatusCode.Unauthenticated, true), (refused.StatusCode, refused.Status.Detail.Contains(why, StringComparison.Ordinal)));
            Assert.DoesNotContain("HTTP status", refused.Status.Detail, StringComparison.Ordinal);
        }

        var none = await Assert.ThrowsAsync<RpcException>(() => Host.Anonymous().Supervisor.GetQueueStatsAsync(AnyRegion).ResponseAsync);
        Assert.Equal((StatusCode.Unauthenticated, GrpcRefusals.NoToken), (none.StatusCode, none.Status.Detail));
    }

    [Fact]
    public async Task AnHs256TokenIsRefusedWhateverItsKeyEvenThePublicKeyAsASecret()
    {
        var publicPem = await File.ReadAllTextAsync(Path.Combine(Host.DataDirectory, "keys", TokenKeys.PublicKeyFileName));
        foreach (var secret in new[] { RandomNumberGenerator.GetBytes(32), System.Text.Encoding.ASCII.GetBytes(publicPem) })
        {
            var token = Hs256(secret, People.SupervisorIn);

            var refused = await Assert.ThrowsAsync<RpcException>(() => Client(token).GetQueueStatsAsync(AnyRegion).ResponseAsync);

            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }
    }

    /// <summary>A token as earlier versions signed them (HS256), for this hotline's issuer and audience.</summary>
    public static string Hs256(byte[] secret, TokenClaims claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "hotline",
        Audience = "hotline",
        Claims = new Dictionary<string, object> { ["sub"] = claims.Subject, ["role"] = claims.Roles.ToArray(), ["region"] = claims.Regions.ToArray() },
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task ReflectionNeedsATokenAndHealthDoesNot()
    {
        var health = await new Grpc.Health.V1.Health.HealthClient(Host.Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var anonymous = new ServerReflection.ServerReflectionClient(Host.Channel);
        using (var call = anonymous.ServerReflectionInfo())
        {
            // The refusal may surface on the write or on the read, whichever comes first.
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
                await call.ResponseStream.MoveNext(CancellationToken.None);
            });
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }

        var signedIn = new ServerReflection.ServerReflectionClient(Host.Channel);
        var headers = new Metadata { { "authorization", $"Bearer {Host.Token(People.Admin)}" } };
        using (var call = signedIn.ServerReflectionInfo(headers))
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "hotline.v1.IntakeService");
        }
    }

    [Fact]
    public async Task TokenCommandMintsTokensTheHotlineAcceptsWithTheirScope()
    {
        var output = new StringWriter();
        var exit = TokenCommand.Run(["--role", "operator", "--subject", "desk-7", "--region", "baku", "--data", Host.DataDirectory], output, TextWriter.Null);
        Assert.Equal(0, exit);
        var intake = new IntakeService.IntakeServiceClient(Host.Channel);
        var headers = new Metadata { { "authorization", $"Bearer {output.ToString().Trim()}" } };

        var contact = await intake.OpenContactAsync(Requests.Contact("baku", "lez"), headers);
        Assert.Equal("desk-7", contact.OpenedBy);
        var refused = await Assert.ThrowsAsync<RpcException>(() => intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"), headers).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("location", refused.Status.Detail);
    }

    [Theory]
    [InlineData("--subject", "desk-7", "--region", "baku")]
    [InlineData("--role", "janitor", "--subject", "x")]
    [InlineData("--role", "operator", "--subject", "desk-7")]
    [InlineData("--role", "responder", "--subject", "x")]
    [InlineData("--role", "admin", "--subject", "x", "--hours", "9999")]
    [InlineData("--role", "operator", "--subject", "desk-7", "--region", "atlantis")]
    public void TokenCommandRefusesIncompleteOrUnknownClaims(params string[] args)
    {
        var error = new StringWriter();
        Assert.Equal(2, TokenCommand.Run(args, TextWriter.Null, error));
        Assert.StartsWith("token: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TokenCommandRefusesAFolderWithNoKeyUnlessToldToCreateOneAndNamesTheFolderItUsed()
    {
        var elsewhere = HotlineHost.NewDataDirectory();
        try
        {
            var error = new StringWriter();
            var output = new StringWriter();

            Assert.Equal(TokenCommand.Failed, TokenCommand.Run(["--role", "admin", "--subject", "x", "--data", elsewhere], output, error));
            Assert.Contains($"{Path.Combine(elsewhere, "keys")} holds no token key", error.ToString(), StringComparison.Ordinal);
            Assert.Empty(output.ToString());
            Assert.False(File.Exists(TokenKeys.PrivateKeyFile(Path.Combine(elsewhere, "keys"))));

            error = new StringWriter();
            Assert.Equal(TokenCommand.Ok, TokenCommand.Run(["--role", "admin", "--subject", "x", "--data", elsewhere, "--create"], output, error));
            Assert.True(File.Exists(TokenKeys.PrivateKeyFile(Path.Combine(elsewhere, "keys"))));
            Assert.Contains($"token: signed with the token key in {Path.Combine(elsewhere, "keys")}", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            HotlineHost.TryDelete(elsewhere);
        }
    }

    [Fact]
    public void TokenHelpPrintsTheOptionsAndSucceeds()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, TokenCommand.Run(["--help"], output, error));
        Assert.Contains("--role <role>", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--hours <n>", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Theory]
    [InlineData("--secret", "hunter2")]
    [InlineData("--secret=hunter2")]
    public void TokenCommandNamesAnUnknownOptionButNotItsValue(params string[] unknown)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(2, TokenCommand.Run(["--role", "admin", "--subject", "x", .. unknown], output, error));
        Assert.Contains("token: '--secret' is not an option", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void SecretsAreMadeOnFirstStartAndReadableByTheOwnerOnly()
    {
        var keys = Path.Combine(Host.DataDirectory, "keys");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(keys, "data-protection"), "*.xml"));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(Path.Combine(keys, "caller-hash.key"))).Length);
        using (var key = TokenKeys.LoadPrivate(keys))
        {
            Assert.Equal(256, key.KeySize);
        }

        Assert.Single(TokenKeys.LoadPublic(keys));
        Assert.False(File.Exists(Path.Combine(keys, TokenKeys.LegacyKeyFileName)));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var secret in new[] { "caller-hash.key", TokenKeys.PrivateKeyFileName, "case-keys.db", Path.Combine("cluster", "hotline-embedded.key") })
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, secret)));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }
    }

    private SupervisorService.SupervisorServiceClient Client(string token) =>
        new(Host.Channel.Intercept(new BearerTokens(_ => token)));
}
