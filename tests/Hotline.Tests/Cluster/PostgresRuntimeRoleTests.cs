using Hotline.Api.V1;
using Hotline.Audit;
using Hotline.Storage;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;
using Npgsql;

namespace Hotline.Tests.Cluster;

/// <summary>
/// A cluster as deploy/cluster.sh runs it: the schema applied by its owner with <c>schema apply</c>,
/// the silo connecting as the runtime role, which may only read and append to the audit.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresRuntimeRoleTests
{
    [Fact]
    public async Task TheHotlineRunsAsTheRuntimeRoleAndItsAuditVerifies()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 0, gateway: false);
        var (_, runtime, asOwner, asRuntime) = await OwnedDatabase.CreateAsync(world.Postgres);

        var apply = await SiloCommandLineTests.RunSiloAsync("schema", "apply", "--Hotline:Storage:Provider=Postgres",
            $"--Hotline:Storage:ConnectionString={asOwner}", $"--Hotline:Storage:RuntimeRole={runtime}");
        Assert.True(apply.Exit == 0, apply.Output + apply.Error);
        Assert.Contains($"{runtime} may run the hotline", apply.Output, StringComparison.Ordinal);

        world.StartSilos(1, ("Hotline__Storage__ConnectionString", asRuntime), ("Hotline__Storage__ApplySchema", "false"));
        await world.StartGatewayAsync(asRuntime);
        await world.WaitForSilosAsync(1);

        var clients = world.Gateway.ForResponders();
        await ClusterTests.EventuallyAsync(() => clients.Responders.UpsertResponderAsync(Requests.Responder("aysel", People.Region)).ResponseAsync);
        await clients.Responders.SetPresenceAsync(new SetPresenceRequest { ResponderId = "aysel", Presence = Presence.Available });
        await using var responder = await ResponderSession.ConnectAsync(clients.Responders, "aysel");
        var contact = await world.Gateway.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(contact.ContactId);
        await clients.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = contact.ContactId });
        var supervisor = world.Gateway.As(People.SupervisorIn);
        await supervisor.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 10 });

        var audit = await supervisor.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Equal(["case_opened", "offer_shown", "contact_connected", "case_listed", "audit_read"], audit.Records.Select(r => r.Action));

        var verify = await SiloCommandLineTests.RunSiloAsync("audit", "verify", "--Hotline:Storage:Provider=Postgres", $"--Hotline:Storage:ConnectionString={asRuntime}");
        Assert.True(verify.Exit == 0, verify.Output + verify.Error);
        Assert.Contains("The audit verifies: 2 chain(s)", verify.Output, StringComparison.Ordinal);

        // The running role's own connection cannot take the audit back.
        await using var database = NpgsqlDataSource.Create(asRuntime);
        await using var delete = database.CreateCommand("DELETE FROM HotlineAudit");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }
}
