using Grpc.Core;
using Hotline.Api.V1;

namespace Hotline.Cli.Commands;

/// <summary>
/// The supervisors' queue stream, opened again a second after it drops. An outage is reported
/// once when it starts and once when updates flow again, however many attempts it takes.
/// </summary>
internal sealed class QueueStream(CliSession session, string[] regions)
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; a refusal (not a dropped stream) is thrown.</summary>
    /// <param name="updated">Each update, in order.</param>
    /// <param name="lost">The stream is down (with the status it ended with): the first failed attempt of an outage.</param>
    /// <param name="restored">The first update after an outage arrived (called before <paramref name="updated"/>).</param>
    /// <param name="cancellationToken">Quit or interrupted.</param>
    public async Task RunAsync(Action<QueueUpdate> updated, Action<StatusCode> lost, Action restored, CancellationToken cancellationToken)
    {
        var down = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            StatusCode ended;
            try
            {
                var request = new WatchQueuesRequest();
                request.Regions.AddRange(regions);
                using var call = session.Supervisor.WatchQueues(request, cancellationToken: cancellationToken);
                await foreach (var update in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (down)
                    {
                        down = false;
                        restored();
                    }

                    updated(update);
                }

                // The server ended the stream without an error: it is still a stream that must be opened again.
                ended = StatusCode.OK;
            }
            catch (Exception error) when (cancellationToken.IsCancellationRequested && error is OperationCanceledException or RpcException)
            {
                return;
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded)
            {
                ended = error.StatusCode;
            }

            if (!down)
            {
                down = true;
                lost(ended);
            }

            try
            {
                await Task.Delay(Reconnect, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
