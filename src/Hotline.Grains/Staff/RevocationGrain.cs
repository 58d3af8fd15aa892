using Hotline.Access;
using Hotline.Errors;
using Hotline.Responders;
using Microsoft.Extensions.Logging;

namespace Hotline.Staff;

/// <summary>The revoked tokens' state: the list, sealed with the key ring like every other state.</summary>
[GenerateSerializer, Alias("hotline.RevocationState")]
public sealed class RevocationState
{
    [Id(0)] public RevocationList List { get; set; } = RevocationList.Empty;
}

/// <summary>
/// Holds the revocation list. One activation for the hotline: revocations are rare and the
/// gateways read the list every few seconds, each a single small call.
/// </summary>
/// <remarks>
/// Revocations are timed by the wall clock, not the hotline's own (which tests move): a
/// subject's cutoff is compared with the issue time the token command stamps from the wall
/// clock, and tokens expire by it.
/// </remarks>
public sealed class RevocationGrain(
    [PersistentState("revocations", StorageNames.Hotline)] IPersistentState<RevocationState> state,
    TimeProvider wallClock,
    ILogger<RevocationGrain> logger) : Grain, IRevocationGrain
{
    public Task<RevocationList> Get() => Task.FromResult(state.State.List);

    public async Task<RevocationList> RevokeToken(string tokenId, Caller by)
    {
        AccessPolicy.EnsureManagesStaff(by);
        await SaveAsync(state.State.List.RevokeToken(tokenId, wallClock.GetUtcNow()));
        StaffLog.TokenRevoked(logger, tokenId, by.Subject);
        return state.State.List;
    }

    public async Task<RevocationList> RevokeSubject(string subject, Caller by)
    {
        AccessPolicy.EnsureManagesStaff(by);
        await SaveAsync(state.State.List.RevokeSubject(subject, wallClock.GetUtcNow()));
        StaffLog.SubjectRevoked(logger, subject, by.Subject);
        return state.State.List;
    }

    public async Task<RevocationList> DisableResponder(string responderId, Caller by)
    {
        AccessPolicy.EnsureManagesStaff(by);
        var responder = await RegisteredAsync(responderId);
        // Refused first: from here on their tokens open nothing, whatever happens next.
        await SaveAsync(state.State.List.DisableResponder(responderId, wallClock.GetUtcNow()));
        await responder.Disable(by);
        return state.State.List;
    }

    public async Task<RevocationList> EnableResponder(string responderId, Caller by)
    {
        AccessPolicy.EnsureManagesStaff(by);
        var responder = await RegisteredAsync(responderId);
        await responder.Enable(by);
        await SaveAsync(state.State.List.EnableResponder(responderId, wallClock.GetUtcNow()));
        return state.State.List;
    }

    private async Task<IResponderGrain> RegisteredAsync(string responderId)
    {
        var responder = GrainFactory.GetGrain<IResponderGrain>(responderId);
        return await responder.Get() is null ? throw new NotFoundException("responder", responderId) : responder;
    }

    private async Task SaveAsync(RevocationList list)
    {
        var before = state.State.List;
        if (ReferenceEquals(list, before))
        {
            return;
        }

        state.State.List = list;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.List = before;
            throw;
        }
    }
}
