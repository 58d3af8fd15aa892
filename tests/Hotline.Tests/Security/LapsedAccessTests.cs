using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>A hotline where an operator's reading time is zero: every contact they take has lapsed for them at once.</summary>
public sealed class LapsedHost : IAsyncLifetime
{
    public HotlineHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await HotlineHost.StartAsync(null, null, ["--Hotline:Access:OperatorReadsFor=00:00:00"]);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The access matrix's rows for the operator who took the contact, once their access lapsed:
/// reading and noting are refused and change nothing; taking new contacts and acting on the
/// caller's live contact (abandon, end, the caller's ask to be called back) are not reads and stay theirs. Lapses on the fake
/// clock, for operators and responders: <see cref="AccessLapseTests"/>.
/// </summary>
public sealed class LapsedAccessTests(LapsedHost fixture) : IClassFixture<LapsedHost>
{
    private static readonly string[] StillAllowed = ["OpenContact", "AbandonContact", "EndContact", "RequestCallBack", "ListPartners", "ListCases"];
    private static int _cells;

    private static IEnumerable<string> OperatorRows => AccessMatrixTests.Allowed.Where(r => r.Value.Contains("operator-in")).Select(r => r.Key);

    public static TheoryData<string> Rows() => [.. OperatorRows];

    [Fact]
    public void WhatLapsesIsWhatReadsTheRecord()
    {
        Assert.Equal(["AddNote", "GetCase", "GetContact", "GetHistory"], OperatorRows.Except(StillAllowed).Order());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task ALapsedOperatorReadsNothingOfWhatTheyTookAndChangesNothingTrying(string rpc)
    {
        var host = fixture.Host;
        await using var world = new AccessWorld(host, $"r-lapsed-{Interlocked.Increment(ref _cells)}");
        await AccessMatrixTests.PrepareAsync(rpc, world);
        var clients = host.As(People.OperatorIn);
        var before = await world.FingerprintAsync();

        var call = AccessMatrixTests.CallAsync(rpc, clients, world, host);
        if (StillAllowed.Contains(rpc))
        {
            await call;
            if (rpc == "ListCases")
            {
                Assert.DoesNotContain((await clients.Cases.ListCasesAsync(new ListCasesRequest())).Cases, c => c.CaseId == world.CaseId);
            }

            return;
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(before, await world.FingerprintAsync());
    }
}
