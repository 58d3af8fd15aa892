using System.Text;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Cases;

/// <summary>
/// A caller who rings again is recognised by a keyed hash of their number: the new contact
/// joins their open case and is offered to the responder who had it first. The number itself
/// is never stored.
/// </summary>
public sealed class ReturningCallerTests
{
    private const string Number = "+994 50 555 12 34";

    [Fact]
    public async Task AReturningCallersContactJoinsTheirCaseGoesToThePreviousResponderAndTheNumberIsNeverStored()
    {
        var data = HotlineHost.NewDataDirectory();
        try
        {
            string caseId;
            await using (var host = await HotlineHost.StartAsync(data))
            {
                await using var rauf = await host.OnlineResponderAsync(Requests.Responder("rauf", CaseScenario.Region, voice: 5));
                host.Clock.Advance(TimeSpan.FromMinutes(1));
                await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));

                var first = await host.Intake.OpenContactAsync(WithCaller(Number));
                await rauf.NextOfferAsync(first.ContactId);
                await host.Responders.DeclineOfferAsync(new OfferActionRequest { ResponderId = "rauf", ContactId = first.ContactId });
                await leyla.NextOfferAsync(first.ContactId);
                await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = first.ContactId });
                await host.Responders.CompleteContactAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = first.ContactId });
                caseId = first.CaseId;

                // The same number written differently; Rauf is still the one idle longest.
                var again = await host.Intake.OpenContactAsync(WithCaller("+994-50-555-1234"));

                Assert.Equal(caseId, again.CaseId);
                var offer = await leyla.NextOfferAsync(again.ContactId);
                Assert.Equal(caseId, offer.CaseId);
                rauf.HasSeenOffer();
                Assert.DoesNotContain(rauf.Seen, e => e.OfferMade?.ContactId == again.ContactId);
                var file = await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId });
                Assert.Equal([first.ContactId, again.ContactId], file.ContactIds);

                // Another number opens a case of its own.
                var stranger = await host.Intake.OpenContactAsync(WithCaller("+994 70 000 00 00"));
                Assert.Equal(stranger.ContactId, stranger.CaseId);
            }

            foreach (var file in Directory.GetFiles(data, "hotline.db*"))
            {
                var bytes = File.ReadAllBytes(file);
                foreach (var form in new[] { Number, "+994-50-555-1234", "994505551234", "505551234" })
                {
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) < 0, $"{Path.GetFileName(file)} holds the caller's number as '{form}'");
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(form)) < 0, $"{Path.GetFileName(file)} holds the caller's number as UTF-16 '{form}'");
                }
            }
        }
        finally
        {
            HotlineHost.TryDelete(data);
        }
    }

    [Fact]
    public async Task EverySpellingOfAPhoneNumberIsTheSameCallerAndAHandleIsKeptAsGiven()
    {
        await using var host = await HotlineHost.StartAsync();
        var first = await host.Intake.OpenContactAsync(WithCaller("+994 55 938 18 92"));

        foreach (var spelling in new[] { "0559381892", "994 55 9381892", "(055) 938-18-92", "+994559381892" })
        {
            Assert.Equal(first.CaseId, (await host.Intake.OpenContactAsync(WithCaller(spelling))).CaseId);
        }

        // Another number, and a messenger handle: callers of their own; the handle's case and spacing aside.
        Assert.NotEqual(first.CaseId, (await host.Intake.OpenContactAsync(WithCaller("0559381893"))).CaseId);
        var handle = await host.Intake.OpenContactAsync(WithCaller("@Aysel_M"));
        Assert.Equal(handle.CaseId, (await host.Intake.OpenContactAsync(WithCaller(" @aysel_m "))).CaseId);
        Assert.NotEqual(handle.CaseId, first.CaseId);
    }

    [Fact]
    public void ACallerOnRecordUnderTheEarlierSpellingIsStillFound()
    {
        var secret = new byte[32];
        var keys = new Hotline.Contacts.CallerKeys(secret);

        // Before numbers were made international, "0559381892" was keyed as written.
        var earlier = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("0559381892")));

        Assert.Equal([keys.Hash("+994559381892"), earlier], keys.Keys("055 938 18 92"));
        Assert.Equal([keys.Hash("+994559381892")], keys.Keys("+994 55 938 18 92"));
    }

    [Fact]
    public async Task AClosedCaseOrOneInAnotherRegionIsNotJoined()
    {
        await using var host = await HotlineHost.StartAsync();
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var cases = new CaseScenario(host, leyla);
        var closed = await cases.AssignedAsync(WithCaller(Number));
        await host.Cases.AddNoteAsync(new AddNoteRequest { CaseId = closed.CaseId, Text = "Resolved" });
        await cases.CompleteAsync(closed);
        await host.Cases.CloseAsync(new CloseCaseRequest { CaseId = closed.CaseId });

        var afterClose = await host.Intake.OpenContactAsync(WithCaller(Number));
        Assert.Equal(afterClose.ContactId, afterClose.CaseId);

        var elsewhere = WithCaller(Number);
        elsewhere.Location = "AZ-BA";
        var inBaku = await host.Intake.OpenContactAsync(elsewhere);
        Assert.Equal(inBaku.ContactId, inBaku.CaseId);
    }

    [Fact]
    public async Task AnOperatorCannotTellFromIntakeWhetherANumberHasACaseButTheResponderSeesTheLink()
    {
        await using var host = await HotlineHost.StartAsync();
        var desk = host.As(Security.People.OperatorIn);
        await using var leyla = await host.OnlineResponderAsync(Requests.Responder("leyla", CaseScenario.Region, voice: 5));
        var first = await desk.Intake.OpenContactAsync(WithCaller(Number));
        await leyla.NextOfferAsync(first.ContactId);
        await host.Responders.AcceptOfferAsync(new OfferActionRequest { ResponderId = "leyla", ContactId = first.ContactId });

        var againRequest = WithCaller(Number);
        var again = await desk.Intake.OpenContactAsync(againRequest);
        var stranger = await desk.Intake.OpenContactAsync(WithCaller("+994 70 000 00 00"));

        // To the operator both look like new callers: the reply, a read and a retry of the intake.
        Assert.Equal(again.ContactId, again.CaseId);
        Assert.Equal(stranger.ContactId, stranger.CaseId);
        Assert.Equal(again.ContactId, (await desk.Intake.GetContactAsync(new GetContactRequest { ContactId = again.ContactId })).CaseId);
        Assert.Equal(again.ContactId, (await desk.Intake.OpenContactAsync(againRequest)).CaseId);

        // The link is there for those who work the case: the responder's offer and a supervisor's read.
        var offer = await leyla.NextOfferAsync(again.ContactId);
        Assert.Equal(first.CaseId, offer.CaseId);
        Assert.Equal(first.CaseId, (await host.As(Security.People.SupervisorIn).Intake.GetContactAsync(new GetContactRequest { ContactId = again.ContactId })).CaseId);
        Assert.Equal([first.ContactId, again.ContactId], (await host.Cases.GetCaseAsync(new GetCaseRequest { CaseId = first.CaseId })).ContactIds);
    }

    private static OpenContactRequest WithCaller(string number)
    {
        var request = Requests.Contact("AZ-ISM");
        request.CallerReference = number;
        return request;
    }
}
