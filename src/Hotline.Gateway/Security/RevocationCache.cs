using System.Security.Claims;
using Hotline.Access;
using Hotline.Staff;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Gateway.Security;

/// <summary>The token was signed by the hotline and has not expired, but an admin revoked it.</summary>
public sealed class TokenRevokedException() : SecurityTokenException("the token was revoked");

/// <summary>The gateway could not read the revocation list, so it cannot tell whether the token was revoked.</summary>
public sealed class RevocationsUnknownException(Exception inner) : SecurityTokenException("the revocation list could not be read", inner);

/// <summary>
/// This gateway's copy of the cluster's revocation list: every signed-in call is checked against
/// it (a dictionary look-up, no grain call). It is read from the cluster before the first call
/// is let through and again every refresh interval (<see cref="RevocationRefresher"/>); a
/// revocation made through this gateway applies here at once.
/// </summary>
public sealed class RevocationCache(IGrainFactory grains)
{
    private Task? _firstRead;
    private volatile RevocationList? _list;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The version of the list this gateway holds; -1 before the first read.</summary>
    public long Version => _list?.Version ?? -1;

    /// <summary>Takes <paramref name="list"/> unless this copy is already newer.</summary>
    public void Update(RevocationList list)
    {
        var current = _list;
        while (current is null || list.Version > current.Version)
        {
            if (Interlocked.CompareExchange(ref _list, list, current) == current)
            {
                // Completed after the list is in place, so a waiter woken by it sees the new one.
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return;
            }

            current = _list;
        }
    }

    /// <summary>Completes once this gateway holds version <paramref name="version"/> of the list or a later one.</summary>
    public async Task WaitForVersionAsync(long version, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed);
            if (Version >= version)
            {
                return;
            }

            await changed.Task.WaitAsync(cancellationToken);
        }
    }

    public async Task RefreshAsync() => Update(await grains.GetGrain<IRevocationGrain>(0).Get());

    /// <summary>Refuses a verified token that was revoked (throws, for the JWT handler to report).</summary>
    public async Task CheckAsync(ClaimsPrincipal principal)
    {
        if (Refuses(_list ?? await FirstReadAsync(), principal))
        {
            throw new TokenRevokedException();
        }
    }

    /// <summary>Whether the token of a call already let in has been revoked since (by the copy this gateway holds).</summary>
    public bool Refuses(ClaimsPrincipal principal) => _list is { } list && Refuses(list, principal);

    private static bool Refuses(RevocationList list, ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst(HotlineClaims.Subject)?.Value ?? "";
        var issued = long.TryParse(principal.FindFirst(HotlineClaims.IssuedAt)?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue;
        return list.Refuses(principal.FindFirst(HotlineClaims.TokenId)?.Value, subject, issued, principal.FindFirst(HotlineClaims.ResponderId)?.Value);
    }

    /// <summary>One read of the list for every call waiting for the first; a failed read is tried again by the next call.</summary>
    private async Task<RevocationList> FirstReadAsync()
    {
        var reading = _firstRead;
        if (reading is null || reading.IsFaulted)
        {
            var mine = RefreshAsync();
            reading = Interlocked.CompareExchange(ref _firstRead, mine, reading) == reading ? mine : _firstRead!;
        }

        try
        {
            await reading;
            return _list!;
        }
        catch (Exception e)
        {
            throw new RevocationsUnknownException(e);
        }
    }
}
