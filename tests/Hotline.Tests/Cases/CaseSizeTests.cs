using Hotline.Cases;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Gateway.Services;
using Xunit.Abstractions;

namespace Hotline.Tests.Cases;

/// <summary>A case filled to every default cap, with the longest texts the API takes, fits well within what a client accepts.</summary>
public sealed class CaseSizeTests(ITestOutputHelper output)
{
    private const int ClientLimit = 4 * 1024 * 1024;
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ACaseAtEveryDefaultCapWithTheLongestTextsIsUnderHalfOfWhatAClientAccepts()
    {
        var caps = new CaseLimits();

        // Three UTF-8 bytes for each character the API counts: the most a text of that length can take.
        var worst = Measure(caps, length => new string('語', length));
        var latin = Measure(caps, length => new string('a', length));
        output.WriteLine($"GetCase at the default caps: {worst:N0} bytes with the longest texts in a three-byte script, {latin:N0} in Latin letters; a client accepts {ClientLimit:N0}");

        Assert.True(worst < ClientLimit / 2, $"a full case is {worst:N0} bytes");
    }

    private static int Measure(CaseLimits caps, Func<int, string> text)
    {
        var subject = new string('s', 128);
        var contacts = Enumerable.Range(0, caps.Contacts).Select(_ => Guid.NewGuid()).ToArray();

        // The case's own events, with those that wind it down past the cap (a follow-up each, closing),
        // and what each contact adds to the history (opened or linked, assigned, ended, erased).
        var own = Enumerable.Range(0, caps.Events + caps.FollowUps + 1)
            .Select(_ => new CaseEvent(At, CaseEventKind.ReferralUpdated, null, subject, Guid.NewGuid(), "completed"));
        var fromContacts = contacts.Prepend(Guid.NewGuid()).SelectMany(id => Enumerable.Range(0, 4)
            .Select(_ => new CaseEvent(At, CaseEventKind.ContactCompleted, id, subject)));
        var snapshot = new CaseSnapshot(Guid.NewGuid(), CaseStatus.Closed, "mountainous-shirvan", subject, contacts, [.. own, .. fromContacts], At, null,
            CaseFacts.Empty with { Consents = new Consents(true, true, Channel.Voice, text(200)) },
            [.. Enumerable.Range(0, caps.Notes).Select(_ => new CaseNote(Guid.NewGuid(), At, subject, "supervisor", text(4000), Guid.NewGuid()))],
            [.. Enumerable.Range(0, caps.Referrals).Select(_ => new Referral(Guid.NewGuid(), ServiceType.LegalAid, "bar-legal-aid", ReferralStatus.Completed, At, subject, At, text(500), subject))],
            [.. Enumerable.Range(0, caps.FollowUps).Select(_ => new FollowUp(Guid.NewGuid(), FollowUpKind.CheckReferral, At, Guid.NewGuid(), text(500), subject, At, At, null))],
            At, null);
        return CaseMapping.ToProto(snapshot).CalculateSize();
    }
}
