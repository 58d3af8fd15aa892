using Google.Rpc;
using Grpc.Core;

namespace Hotline.Cli.Output;

/// <summary>A refused call as a sentence: what the server said, and each field it named with its rule.</summary>
public static class ErrorReport
{
    public static string Sentence(RpcException error, Uri? address = null)
    {
        if (error.StatusCode == StatusCode.Unavailable && address is not null && !FromTheHotline(error))
        {
            // Nothing answered at the address: the transport's own words would not help.
            return $"The hotline could not be reached at {address}: is it running, and is that its address (--address or ${HotlineCli.AddressVariable})?"
                + $"{Environment.NewLine}  (gRPC status {error.StatusCode})";
        }

        var what = error.StatusCode switch
        {
            StatusCode.InvalidArgument => "The request was refused: a field breaks a rule",
            StatusCode.NotFound => "Not found",
            StatusCode.Unauthenticated => "Not signed in",
            StatusCode.PermissionDenied => "Not allowed",
            StatusCode.FailedPrecondition => "Not possible now",
            StatusCode.ResourceExhausted => "Too many requests",
            StatusCode.Unavailable => "The hotline could not be reached",
            StatusCode.DeadlineExceeded => "The hotline did not answer in time",
            _ => "The hotline failed to do it",
        };

        var fields = error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations
            .Select(v => $"{v.Field}: {v.Description}").ToList() ?? [];
        var detail = error.Status.Detail;
        var lines = new List<string> { fields.Count > 0 || string.IsNullOrWhiteSpace(detail) ? $"{what}." : $"{what}: {detail}" };
        lines.AddRange(fields.Select(f => $"  {f}"));
        lines.Add($"  (gRPC status {error.StatusCode})");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The hotline answered (its gateway's own words); otherwise the client never reached it.</summary>
    private static bool FromTheHotline(RpcException error) =>
        error.Status.Detail.StartsWith("the ", StringComparison.Ordinal) && error.Status.DebugException is null;
}
