namespace Hotline.Bench;

/// <summary>
/// Durable writes the hotline has committed since it started, as its telemetry publishes them
/// (the <c>Hotline.Storage</c> meter's <c>hotline.storage.writes</c> counter). Null where the
/// count is not visible to the driver.
/// </summary>
public interface IStorageWrites : IDisposable
{
    /// <summary>The count now; null when the hotline does not show it to this driver.</summary>
    Task<long?> ReadAsync(CancellationToken cancellationToken);
}
