using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Hotline.Access;
using Hotline.Gateway.Security;

namespace Hotline.Bench.Micro;

/// <summary>
/// What the revocation check adds to every signed-in call: the gateway's look-up of the call's
/// token id, subject and responder in its copy of the list, with <see cref="Revoked"/> tokens,
/// a tenth as many subjects and a hundredth as many disabled responders on it. The call itself
/// costs some hundreds of microseconds (README, Performance).
/// </summary>
[MemoryDiagnoser]
public class RevocationCheckBenchmarks
{
    private RevocationCache _cache = null!;
    private ClaimsPrincipal _caller = null!;

    [Params(0, 1_000, 100_000)]
    public int Revoked { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        var list = RevocationList.Empty;
        var tokens = Enumerable.Range(0, Revoked).ToDictionary(i => $"{i:x32}", _ => now);
        var subjects = Enumerable.Range(0, Revoked / 10).ToDictionary(i => $"left-{i}", _ => now);
        var disabled = Enumerable.Range(0, Revoked / 100).ToDictionary(i => $"r-gone-{i}", _ => now);
        _cache = new RevocationCache(null!);
        _cache.Update(list with { Version = 1, Tokens = tokens, Subjects = subjects, Disabled = disabled });
        _caller = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(HotlineClaims.Subject, "r-shamakhi-2"),
            new Claim(HotlineClaims.TokenId, Guid.NewGuid().ToString("N")),
            new Claim(HotlineClaims.IssuedAt, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(HotlineClaims.ResponderId, "r-shamakhi-2"),
            new Claim(HotlineClaims.Role, HotlineClaims.Responder),
        ], "Bearer"));
    }

    [Benchmark]
    public bool CheckACall() => _cache.Refuses(_caller);
}
