namespace Hotline.Ports;

/// <summary>Makes an erasure final on disk: no earlier version of an erased record is left in the database's files.</summary>
public interface IErasureScrub
{
    /// <summary>Called after personal fields were erased; true when nothing of them is left in the files.</summary>
    Task<bool> AfterErasureAsync(CancellationToken cancellationToken = default);

    /// <summary>Finishes a scrub that readers kept from completing earlier; true when none is pending.</summary>
    Task<bool> RetryPendingAsync(CancellationToken cancellationToken = default);
}
