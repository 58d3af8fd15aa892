using Grpc.Core;
using Grpc.Health.V1;
using Hotline.Api.V1;
using Hotline.Contacts;
using Hotline.Gateway.Security;
using Hotline.Security;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Cluster;

/// <summary>Hotline as a cluster on PostgreSQL: silo processes, a gateway in front, real kills and restarts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests
{
    private const string Shirvan = "mountainous-shirvan";

    [Fact]
    public async Task ASiloTakesOnlyClientsWithACertificateFromTheClustersAuthority()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 1, gateway: false);
        var port = world.Silos[0].GatewayPort;

        Assert.NotNull(await ClusterTransportTests.AttachAsync(port, identity: null));
        Assert.NotNull(await ClusterTransportTests.AttachAsync(port, ClusterTransportTests.Foreign()));
        // With a certificate the cluster's CA signed, the same client gets in.
        Assert.Null(await ClusterTransportTests.AttachAsync(port, ClusterTransportTests.Load(world.IssueCertificate("client"))));
    }

    [Fact]
    public async Task ASiloWithACertificateFromAnotherAuthorityCannotJoin()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 1, gateway: false);
        using var elsewhere = ClusterCertificates.CreateAuthority("Hotline test cluster CA", TimeSpan.FromDays(1));
        // Its certificate comes from another CA; it trusts that one and the cluster's, so the
        // only thing in its way is the cluster refusing its certificate.
        var intruderTls = world.IssueCertificate("intruder", signer: elsewhere);
        intruderTls.Authority = Path.Combine(world.Certificates, "intruder-trusts.pem");
        await File.WriteAllTextAsync(intruderTls.Authority, elsewhere.ExportCertificatePem() + "\n" + await File.ReadAllTextAsync(world.AuthorityFile));

        await using var intruder = SiloProcess.Start(world.ConnectionString, world.Keys, intruderTls, ("Hotline__Cluster__JoinTimeout", "00:00:15"));

        Assert.NotEqual(0, await intruder.ExitCodeAsync(TimeSpan.FromSeconds(120)));
        // No live silo answered it: the cluster's silo closed every connection at the TLS handshake.
        Assert.Contains("Failed to get ping responses from 1 of 1 active silos", intruder.Output, StringComparison.Ordinal);
        Assert.Equal([world.Silos[0].SiloPort], await world.ActiveSiloPortsAsync());
    }

    [Fact]
    public async Task ThreeSilosRouteContactsAndAContactOutlivesTheSiloThatHeldIt()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 3);
        var clients = world.Gateway.ForResponders();
        await using var responder = await OnlineAsync(clients, "shirvan-1");

        var first = await clients.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(first.ContactId);
        await clients.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = first.ContactId });

        // Kill, without warning, the silo that held the contact.
        var grains = world.Gateway.Services.GetRequiredService<IGrainFactory>();
        var holder = await world.SiloOfAsync(grains.GetGrain<IContactGrain>(Guid.Parse(first.ContactId)));
        holder.Kill();
        await world.WaitForSilosAsync(2);

        var read = await EventuallyAsync(() => clients.Intake.GetContactAsync(new GetContactRequest { ContactId = first.ContactId }).ResponseAsync);
        Assert.Equal((ContactStatus.Connected, "shirvan-1"), (read.Status, read.ResponderId));

        // Routing goes on: the responder finishes, the next contact is offered to them.
        await EventuallyAsync(() => clients.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "shirvan-1", ContactId = first.ContactId }).ResponseAsync);
        var second = await EventuallyAsync(() => clients.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", requestId: "after-the-kill")).ResponseAsync);
        // The responder's stream survived the kill: the gateway subscribed again where it left off.
        await responder.NextAsync(e => e.OfferMade?.ContactId == second.ContactId || e.State?.PendingOffer?.ContactId == second.ContactId,
            "the next contact's offer", TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task TheWholeClusterStoppedAndStartedAgainKeepsEverythingAndRoutes()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 3);
        var clients = world.Gateway.ForResponders();
        await EventuallyAsync(() => clients.Responders.UpsertResponderAsync(Requests.Responder("shirvan-1", Shirvan)).ResponseAsync);
        var waiting = await EventuallyAsync(() => clients.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", requestId: "before-the-stop")).ResponseAsync);
        await clients.Cases.AddNoteAsync(new AddNoteRequest { CaseId = waiting.CaseId, Text = "Called from a neighbour's phone" });

        await world.StopSilosAsync();
        Assert.NotEqual(HealthCheckResponse.Types.ServingStatus.Serving, await world.Gateway.StatusAsync());
        world.StartSilos(3);
        await world.WaitForSilosAsync(3);
        await world.Gateway.WaitServingAsync();

        var file = await EventuallyAsync(() => clients.Cases.GetCaseAsync(new GetCaseRequest { CaseId = waiting.CaseId }).ResponseAsync);
        Assert.Equal(["Called from a neighbour's phone"], file.Notes.Select(n => n.Text));
        await clients.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "shirvan-1", Presence = Presence.Available });
        await using var responder = await ResponderSession.ConnectAsync(clients.Responders, "shirvan-1");
        await responder.NextOfferAsync(waiting.ContactId);
    }

    [Fact]
    public async Task TheGatewayRunsOnThePublicTokenKeyAloneAndSilosRecogniseAReturningCaller()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 1);
        var clients = world.Gateway.Staff;

        var first = Requests.Contact("AZ-ISM", requestId: "first-call");
        first.CallerReference = "+994 (50) 123-45-67";
        var opened = await EventuallyAsync(() => clients.Intake.OpenContactAsync(first).ResponseAsync);
        var second = Requests.Contact("AZ-ISM", requestId: "second-call");
        second.CallerReference = "+994501234567";
        var again = await clients.Intake.OpenContactAsync(second);

        // The caller was recognised with the silos' caller-hash key; the gateway never had it.
        Assert.Equal(opened.CaseId, again.CaseId);
        Assert.Equal([TokenKeys.PublicKeyFileName], Directory.GetFiles(world.GatewayKeys).Select(Path.GetFileName));
        Assert.Empty(Directory.GetDirectories(world.GatewayKeys));
        Assert.True(File.Exists(Path.Combine(world.Keys, "caller-hash.key")));
        Assert.Empty(Directory.GetFiles(world.Keys, "token-signing*"));
        Assert.All(Directory.GetFiles(Path.Combine(world.Keys, "data-protection"), "*.xml"),
            file => Assert.Contains("EncryptedData", File.ReadAllText(file), StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthIsNotServingUntilASiloAnswersAndAfterTheLastOneIsGone()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 0, gateway: false);
        var logs = new CapturedLogs();
        await using var gateway = await ClusterGateway.StartAsync(world.ConnectionString, world.GatewayKeys, world.Issuer, world.IssueCertificate("gateway"), logs);
        Assert.NotEqual(HealthCheckResponse.Types.ServingStatus.Serving, await gateway.StatusAsync());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await gateway.Staff.Intake.OpenContactAsync(Requests.Contact("AZ-ISM")));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);

        world.StartSilos(1);
        await gateway.WaitServingAsync(TimeSpan.FromSeconds(90));
        await gateway.Staff.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));

        // Waiting for silos is said once, as a warning, and so is their arrival; no error line.
        var health = logs.Lines.Where(l => l.Contains("HealthCheck", StringComparison.Ordinal)).ToArray();
        Assert.Single(health, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Waiting for the routing engine", StringComparison.Ordinal));
        Assert.DoesNotContain(health, l => l.StartsWith("Error", StringComparison.Ordinal));

        await world.Silos[0].StopAsync();
        for (var i = 0; i < 120 && await gateway.StatusAsync() == HealthCheckResponse.Types.ServingStatus.Serving; i++)
        {
            await Task.Delay(250);
        }

        Assert.NotEqual(HealthCheckResponse.Types.ServingStatus.Serving, await gateway.StatusAsync());
    }

    private static async Task<ResponderSession> OnlineAsync(HotlineClients clients, string id)
    {
        await EventuallyAsync(() => clients.Responders.UpsertResponderAsync(Requests.Responder(id, Shirvan)).ResponseAsync);
        await EventuallyAsync(() => clients.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = id, Presence = Presence.Available }).ResponseAsync);
        return await ResponderSession.ConnectAsync(clients.Responders, id);
    }

    /// <summary>Retries while the cluster settles after a silo left (calls to it fail until it is declared dead).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}

/// <summary>
/// Cluster tests start processes and databases of their own: one at a time, beside the rest of
/// the suite. They spend most of their minutes waiting on processes and real deadlines, so the
/// other collections run meanwhile instead of after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}

/// <summary>The chaos run keeps a steady load while silos die: nothing else runs beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "chaos";
}
