using Hotline.Access;

namespace Hotline.Tests.Domain;

/// <summary>Which tokens a revocation list refuses, and when it forgets an entry.</summary>
public sealed class RevocationListTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARevokedTokenIsRefusedAndTheSubjectsOtherTokensAreNot()
    {
        var list = RevocationList.Empty.RevokeToken("lost-phone", Now);

        Assert.True(list.Refuses("lost-phone", "aysel", Now.AddHours(-3)));
        Assert.False(list.Refuses("desk-token", "aysel", Now.AddHours(-3)));
        Assert.False(list.Refuses(null, "aysel", Now.AddHours(-3)));
        Assert.Equal(1, list.Version);
        Assert.Same(list, list.RevokeToken("lost-phone", Now.AddMinutes(5)));
    }

    [Fact]
    public void ASubjectsTokensIssuedUpToTheSecondOfTheRevocationAreRefusedAndLaterOnesAreNot()
    {
        var list = RevocationList.Empty.RevokeSubject("volunteer-7", Now.AddMilliseconds(400));

        Assert.True(list.Refuses("a", "volunteer-7", Now.AddDays(-29)));
        Assert.True(list.Refuses(null, "volunteer-7", Now));
        Assert.False(list.Refuses("b", "volunteer-7", Now.AddSeconds(1)));
        Assert.False(list.Refuses("c", "someone-else", Now.AddDays(-1)));
    }

    [Fact]
    public void AnEntryIsForgottenOnceEveryTokenItCouldRefuseHasExpired()
    {
        var list = RevocationList.Empty.RevokeToken("old", Now).RevokeSubject("left", Now);

        var later = list.RevokeToken("new", Now + RevocationList.KeptFor);

        Assert.Equal(["new"], later.Tokens.Keys);
        Assert.Empty(later.Subjects);
        Assert.Equal(3, later.Version);
        Assert.Equal(2, list.Tokens.Count + list.Subjects.Count);
    }
}
