using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Hotline.Tests.Security;

/// <summary>Every read and change of a case is in its audit, with who did it and under which role.</summary>
public sealed class AuditTests : HostedTest
{
    [Fact]
    public async Task EveryReadAndChangeOfACaseIsAuditedWithTheRightIdentity()
    {
        await using var responder = await Host.OnlineResponderAsync(Requests.Responder("aysel", People.Region));
        var operatorIn = Host.As(People.OperatorIn);
        var aysel = Host.As(HotlineHost.ResponderClaims("aysel"));
        var supervisor = Host.As(People.SupervisorIn);
        var admin = Host.As(People.Admin);

        var first = await operatorIn.Intake.OpenContactAsync(Requests.Contact("AZ-ISM"));
        await responder.NextOfferAsync(first.ContactId);
        await aysel.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = first.ContactId });
        await operatorIn.Intake.GetContactAsync(new GetContactRequest { ContactId = first.ContactId });
        await aysel.Cases.GetCaseAsync(new GetCaseRequest { CaseId = first.CaseId });
        await aysel.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = first.ContactId });

        // The caller rings again; another operator of the region links the contact, a supervisor ends it.
        var again = Requests.Contact("AZ-ISM");
        again.CaseId = first.CaseId;
        var second = await Host.As(People.OperatorOther).Intake.OpenContactAsync(again);
        await responder.NextOfferAsync(second.ContactId);
        await aysel.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "aysel", ContactId = second.ContactId });
        await supervisor.Intake.EndContactAsync(new EndContactRequest { ContactId = second.ContactId });
        await supervisor.Cases.GetCaseAsync(new GetCaseRequest { CaseId = first.CaseId });
        await admin.Cases.EraseCaseAsync(new EraseCaseRequest { CaseId = first.CaseId });

        var audit = await supervisor.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = first.CaseId });
        var lines = audit.Records.Select(r => (r.Actor, r.Role, r.Action, r.ContactId)).ToList();
        Assert.Equal<(string, string, string, string)>(
        [
            ("op-in", "operator", "case_opened", first.ContactId),
            ("aysel", "responder", "offer_shown", first.ContactId),
            ("aysel", "responder", "contact_connected", first.ContactId),
            ("op-in", "operator", "contact_read", first.ContactId),
            ("aysel", "responder", "case_read", ""),
            ("aysel", "responder", "contact_completed", first.ContactId),
            ("op-other", "operator", "contact_linked", second.ContactId),
            ("aysel", "responder", "offer_shown", second.ContactId),
            ("aysel", "responder", "contact_connected", second.ContactId),
            ("sup-in", "supervisor", "contact_ended", second.ContactId),
            ("sup-in", "supervisor", "case_read", ""),
            ("admin-1", "admin", "contact_erased", first.ContactId),
            ("admin-1", "admin", "contact_erased", second.ContactId),
            ("sup-in", "supervisor", "audit_read", ""),
        ], lines);
        Assert.All(audit.Records, r => Assert.Equal(HotlineHost.Start, r.At.ToDateTimeOffset()));

        // The admin reads the audit too, and that reading is the newest line.
        var byAdmin = await admin.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = first.CaseId });
        Assert.Equal(("admin-1", "admin", "audit_read"), (byAdmin.Records[^1].Actor, byAdmin.Records[^1].Role, byAdmin.Records[^1].Action));
        Assert.Equal(lines.Count + 1, byAdmin.Records.Count);
    }

    [Fact]
    public async Task ARefusedReadLeavesNoAuditLineAndSaysNothingAboutExistence()
    {
        var contact = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        var outsider = Host.As(People.OperatorOut);

        var existing = await Assert.ThrowsAsync<RpcException>(() => outsider.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => outsider.Intake.GetContactAsync(new GetContactRequest { ContactId = Guid.NewGuid().ToString() }).ResponseAsync);
        var missingCase = await Assert.ThrowsAsync<RpcException>(() => outsider.Cases.GetCaseAsync(new GetCaseRequest { CaseId = Guid.NewGuid().ToString() }).ResponseAsync);
        var existingCase = await Assert.ThrowsAsync<RpcException>(() => outsider.Cases.GetCaseAsync(new GetCaseRequest { CaseId = contact.CaseId }).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, existing.Status.Detail), (missing.StatusCode, missing.Status.Detail));
        Assert.Equal((StatusCode.PermissionDenied, existingCase.Status.Detail), (missingCase.StatusCode, missingCase.Status.Detail));
        var audit = await Host.As(People.SupervisorIn).Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Equal(["case_opened", "audit_read"], audit.Records.Select(r => r.Action));
    }

    [Fact]
    public async Task TheDatabaseRefusesToEditOrDeleteAuditLines()
    {
        var contact = await Host.As(People.OperatorIn).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        await using var db = new SqliteConnection($"Data Source={Host.DatabaseFile}");
        await db.OpenAsync();

        foreach (var sql in new[] { "UPDATE HotlineAudit SET Actor = 'someone-else'", "DELETE FROM HotlineAudit" })
        {
            await using var command = db.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message);
        }

        var audit = await Host.As(People.SupervisorIn).Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = contact.CaseId });
        Assert.Equal(("op-in", "case_opened"), (audit.Records[0].Actor, audit.Records[0].Action));
    }
}
