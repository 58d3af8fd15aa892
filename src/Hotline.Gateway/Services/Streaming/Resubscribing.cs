namespace Hotline.Gateway.Services.Streaming;

/// <summary>
/// Keeps a gateway stream fed from a grain's <see cref="IAsyncEnumerable{T}"/> across the loss
/// of the silo holding the grain. When that silo goes away the enumeration breaks or just ends
/// (see docs/architecture.md); either way the grain is subscribed to again after a pause, and the
/// subscriber says where the new subscription starts (after the last sequence delivered, or with
/// a fresh picture), so nothing is lost or left stale.
/// </summary>
internal static class Resubscribing
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Delivers every item of every subscription until <paramref name="cancellationToken"/> is
    /// cancelled, then returns; the caller says what that means to its client (UNAVAILABLE when
    /// the gateway is stopping). A failure <paramref name="retries"/> refuses ends it, thrown.
    /// </summary>
    /// <param name="subscribe">Subscribes once; called again after each break, so it can resume from what was delivered.</param>
    /// <param name="deliver">Passes one item on.</param>
    /// <param name="retries">Whether a failure is the silo's (subscribe again) rather than one the client must see.</param>
    /// <param name="resubscribing">Told before each new subscription, with the failure when the last one broke rather than ended.</param>
    /// <param name="cancellationToken">Ends the stream: the client went away or the gateway is stopping.</param>
    public static async Task PumpAsync<T>(
        Func<CancellationToken, IAsyncEnumerable<T>> subscribe,
        Func<T, CancellationToken, ValueTask> deliver,
        Func<Exception, bool> retries,
        Action<Exception?> resubscribing,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var item in subscribe(cancellationToken).WithCancellation(cancellationToken))
                {
                    await deliver(item, cancellationToken);
                }

                resubscribing(null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (retries(exception))
            {
                resubscribing(exception);
            }

            // Cancelled while pausing: the loop's condition ends it.
            await Task.Delay(Pause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
