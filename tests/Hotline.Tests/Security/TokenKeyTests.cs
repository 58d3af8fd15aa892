using System.Security.Cryptography;
using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;
using Hotline.Security;
using Hotline.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Hotline.Tests.Security;

/// <summary>
/// The token key pair: minted with the private half where tokens are made, checked with the
/// public half on the gateway; an old HS256 secret is replaced and its tokens refused.
/// </summary>
public sealed class TokenKeyTests
{
    private static readonly GetQueueStatsRequest AnyRegion = new() { Regions = { People.Region } };

    [Fact]
    public async Task ALegacyHmacKeyIsReplacedByAPairOnceAndTokensItSignedAreRefused()
    {
        var data = HotlineHost.NewDataDirectory();
        var keys = Path.Combine(data, "keys");
        try
        {
            var legacy = RandomNumberGenerator.GetBytes(32);
            SecretFile.EnsureFolder(keys);
            SecretFile.WriteOwnerOnly(Path.Combine(keys, TokenKeys.LegacyKeyFileName), Convert.ToBase64String(legacy));
            var logs = new CapturedLogs();

            await using (var host = await StartLoggingAsync(data, logs))
            {
                Assert.False(File.Exists(Path.Combine(keys, TokenKeys.LegacyKeyFileName)));
                var refused = await Assert.ThrowsAsync<RpcException>(() => Supervisor(host, TokenTests.Hs256(legacy, People.SupervisorIn)).GetQueueStatsAsync(AnyRegion).ResponseAsync);
                Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
                Assert.Single((await Supervisor(host, host.Token(People.SupervisorIn)).GetQueueStatsAsync(AnyRegion)).Regions);
            }

            await (await StartLoggingAsync(data, logs)).DisposeAsync();
            var notice = Assert.Single(logs.Lines, l => l.Contains("must be issued again", StringComparison.Ordinal));
            Assert.StartsWith("Information", notice, StringComparison.Ordinal);
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public async Task AGatewayWhoseFolderHoldsOnlyThePublicKeyChecksTokensAndMakesNoPrivateKey()
    {
        var data = HotlineHost.NewDataDirectory();
        var keys = Path.Combine(data, "keys");
        var tokens = data + "-token";
        try
        {
            TokenKeys.EnsurePair(tokens);
            SecretFile.EnsureFolder(keys);
            File.Copy(TokenKeys.PublicKeyFile(tokens), TokenKeys.PublicKeyFile(keys));
            var output = new StringWriter();
            Assert.Equal(TokenCommand.Ok, TokenCommand.Run(["--role", "supervisor", "--subject", "sup-1", "--region", "*", "--keys", tokens], output, TextWriter.Null));

            await using var host = await HotlineHost.StartAsync(data);

            Assert.Single((await Supervisor(host, output.ToString().Trim()).GetQueueStatsAsync(AnyRegion)).Regions);
            Assert.False(File.Exists(TokenKeys.PrivateKeyFile(keys)));
        }
        finally
        {
            HotlineHost.TryDelete(data);
            HotlineHost.TryDelete(tokens);
        }
    }

    [Fact]
    public void AGatewayInClientModeWithoutThePublicKeyRefusesToStartNamingTheFile()
    {
        var data = HotlineHost.NewDataDirectory();
        var keys = Path.Combine(data, "keys");
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(() => HotlineGateway.Build(
            [
                .. LoopbackSettings.Arguments(data),
                "--Hotline:Cluster:Mode=Client",
                "--Hotline:Cluster:Gateways:0=127.0.0.1:30000",
                "--Hotline:Cluster:AllowInsecureTransport=true",
            ]));

            Assert.Contains(TokenKeys.PublicKeyFile(keys), refused.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(TokenKeys.PrivateKeyFile(keys)));
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public void TheTokenCommandRefusesAFolderThatHoldsOnlyThePublicKey()
    {
        var tokens = HotlineHost.NewDataDirectory();
        var gateway = tokens + "-gateway";
        try
        {
            TokenKeys.EnsurePair(tokens);
            SecretFile.EnsureFolder(gateway);
            File.Copy(TokenKeys.PublicKeyFile(tokens), TokenKeys.PublicKeyFile(gateway));
            var output = new StringWriter();
            var error = new StringWriter();

            Assert.Equal(TokenCommand.Failed, TokenCommand.Run(["--role", "admin", "--subject", "x", "--keys", gateway], output, error));

            Assert.Contains(TokenKeys.PrivateKeyFileName, error.ToString(), StringComparison.Ordinal);
            Assert.Empty(output.ToString());
            Assert.False(File.Exists(TokenKeys.PrivateKeyFile(gateway)));
        }
        finally
        {
            HotlineHost.TryDelete(tokens);
            HotlineHost.TryDelete(gateway);
        }
    }

    private static Task<HotlineHost> StartLoggingAsync(string data, CapturedLogs logs) =>
        HotlineHost.StartAsync(data, null, b => b.Logging.AddProvider(logs), "--Logging:LogLevel:Hotline.Gateway.Security=Information");

    private static SupervisorService.SupervisorServiceClient Supervisor(HotlineHost host, string token) =>
        new(Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(host.Channel.CreateCallInvoker(), new BearerTokens(_ => token)));
}
