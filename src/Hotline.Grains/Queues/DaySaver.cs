using Hotline.Supervision;
using Microsoft.Extensions.Logging;

namespace Hotline.Queues;

/// <summary>Writes a region dispatcher's day counters when its board says they are due.</summary>
internal sealed class DaySaver(string region, RegionBoard board, IPersistentState<RegionQueueState> state, ILogger logger)
{
    /// <summary>Saves the day's counters when due (or now, when forced); counters only, so a failure waits for the next try.</summary>
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
