using Hotline.Access;
using Hotline.Audit;
using Hotline.Errors;
using Hotline.Ports;
using Hotline.Routing;
using Hotline.Supervision;
using Hotline.Topology;

namespace Hotline.Queues;

/// <summary>
/// A region dispatcher's surge mode as supervisors set and clear it: the rule is
/// <see cref="SurgeMode"/>; this audits each change on the region's staff chain and keeps the
/// mode in the dispatcher's state, so a reactivated dispatcher diverts as before, and publishes
/// the figures at once when it changed, so every watcher of the region sees the mode.
/// </summary>
internal sealed class SurgeSwitch(
    string region,
    SurgeMode mode,
    IPersistentState<RegionQueueState> state,
    IAuditLog audit,
    RegionTopology topology,
    Func<QueueStats> stats,
    Action<QueueStats> publish)
{
    /// <summary>Takes up the mode saved before the dispatcher last stopped.</summary>
    public void Restore() => mode.Restore(state.State.Surge);

    /// <summary>Diverts new contacts (nothing changes when it already was so); the figures with the mode now.</summary>
    public Task<QueueStats> SetAsync(string[] responderIds, string? toRegion, Caller by, DateTimeOffset now)
    {
        Ensure(by);
        if (!string.IsNullOrEmpty(toRegion) && !topology.RegionsByCode.ContainsKey(toRegion))
        {
            throw new InvalidFieldException("to_region", "is not a region of this hotline");
        }

        var before = mode.Current;
        return mode.Set(responderIds, toRegion, state.State.Roster, now) ? SaveAsync(before, by, now, AuditActions.SurgeSet) : Task.FromResult(stats());
    }

    /// <summary>Restores normal routing of new contacts (nothing changes when it was off); the figures now.</summary>
    public Task<QueueStats> ClearAsync(Caller by, DateTimeOffset now)
    {
        Ensure(by);
        var before = mode.Current;
        return mode.Clear() ? SaveAsync(before, by, now, AuditActions.SurgeCleared) : Task.FromResult(stats());
    }

    private void Ensure(Caller by)
    {
        if (AccessPolicy.Supervise(by, region) == Roles.None)
        {
            throw new PermissionDeniedException("region", PermissionDeniedException.NotWithinAccess);
        }
    }

    private async Task<QueueStats> SaveAsync(SurgeDiversion? before, Caller by, DateTimeOffset now, string action)
    {
        try
        {
            await audit.AppendAsync(new RegionAuditEntry(region, null, now, by.Subject, Caller.RoleName(Roles.Supervisor), action));
            state.State.Surge = mode.Current;
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing half-done: the mode stays as it was on disk.
            mode.Restore(before);
            state.State.Surge = before;
            throw;
        }

        var current = stats();
        publish(current);
        return current;
    }
}
