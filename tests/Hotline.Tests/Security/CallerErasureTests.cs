using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>A person asks to be forgotten: every case opened from their number, in every region, is found and erased or its refusal said.</summary>
public sealed class CallerErasureTests : HostedTest
{
    private const string Number = "+994 50 123 45 67";

    [Fact]
    public async Task EveryCaseOfTheNumberInEveryRegionIsErasedOrSaysWhyNotAndOthersAreUntouched()
    {
        var shirvan = await OpenAsync("AZ-ISM", Number);
        var again = await OpenAsync("AZ-ISM", "+994 (50) 123-45-67");
        Assert.Equal(shirvan.CaseId, again.CaseId);
        var baku = await OpenAsync("AZ-BA", Number);
        var someoneElse = await OpenAsync("AZ-ISM", "+994 55 765 43 21");
        foreach (var ended in new[] { shirvan, again, someoneElse })
        {
            await Host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = ended.ContactId });
        }

        var admin = Host.As(People.Admin);
        var result = await admin.Cases.EraseCallerAsync(new EraseCallerRequest { CallerReference = "+99450 1234567" });

        var byCase = result.Cases.ToDictionary(c => c.CaseId);
        Assert.Equal(new[] { shirvan.CaseId, baku.CaseId }.Order(), byCase.Keys.Order());
        Assert.Equal(("mountainous-shirvan", ""), (byCase[shirvan.CaseId].Region, byCase[shirvan.CaseId].Refused));
        Assert.NotNull(byCase[shirvan.CaseId].ErasedAt);
        Assert.Equal("baku", byCase[baku.CaseId].Region);
        Assert.Null(byCase[baku.CaseId].ErasedAt);
        Assert.Contains("still open", byCase[baku.CaseId].Refused, StringComparison.Ordinal);

        foreach (var contact in new[] { shirvan, again })
        {
            Assert.Equal(("", ""), await PersonalAsync(contact));
        }

        Assert.Equal((baku.Summary, baku.CallerName), await PersonalAsync(baku));
        Assert.Equal((someoneElse.Summary, someoneElse.CallerName), await PersonalAsync(someoneElse));
        foreach (var asked in new[] { shirvan, baku })
        {
            var audit = await admin.Cases.GetCaseAuditAsync(new GetCaseAuditRequest { CaseId = asked.CaseId });
            Assert.Contains(audit.Records, r => (r.Actor, r.Role, r.Action) == (People.Admin.Subject, "admin", "erasure_requested"));
        }

        // Once erased, the number leads nowhere: asking again finds only the case still open.
        var second = await admin.Cases.EraseCallerAsync(new EraseCallerRequest { CallerReference = Number });
        Assert.Equal(baku.CaseId, Assert.Single(second.Cases).CaseId);
    }

    [Fact]
    public async Task OnlyAdminsMayAskAndTheNumberIsRequiredButNeverEchoed()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Host.As(People.SupervisorIn).Cases.EraseCallerAsync(new EraseCallerRequest { CallerReference = Number }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        var empty = await Assert.ThrowsAsync<RpcException>(() => Host.As(People.Admin).Cases.EraseCallerAsync(new EraseCallerRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Contains("caller_reference", empty.Status.Detail, StringComparison.Ordinal);

        var tooLong = new string('7', 101);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Host.As(People.Admin).Cases.EraseCallerAsync(new EraseCallerRequest { CallerReference = tooLong }).ResponseAsync);
        Assert.DoesNotContain(tooLong, invalid.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<Contact> OpenAsync(string location, string number)
    {
        var request = Requests.Contact(location, "lez");
        request.CallerName = $"Caller from {location}";
        request.CallerReference = number;
        return await Host.Intake.OpenContactAsync(request);
    }

    private async Task<(string Summary, string CallerName)> PersonalAsync(Contact contact)
    {
        var read = await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId });
        return (read.Summary, read.CallerName);
    }
}
