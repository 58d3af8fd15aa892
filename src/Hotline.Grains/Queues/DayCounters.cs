using Hotline.Supervision;
using Microsoft.Extensions.Logging;

namespace Hotline.Queues;

/// <summary>Saves a region's day's counters when its board says they are due; counters only, so a failure waits for the next try.</summary>
internal sealed class DayCounters(string region, IPersistentState<RegionQueueState> state, RegionBoard board, ILogger logger)
{
    public async Task SaveAsync(bool force)
    {
        if (board.DayToSave(force) is not { } day)
        {
            return;
        }

        state.State.Today = day;
        try
        {
            await state.WriteStateAsync();
            board.Saved();
        }
        catch (Exception exception)
        {
            DispatcherLog.CounterSaveFailed(logger, exception, region);
        }
    }
}
