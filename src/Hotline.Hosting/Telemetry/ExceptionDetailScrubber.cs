using System.Diagnostics;
using OpenTelemetry;

namespace Hotline.Telemetry;

/// <summary>
/// Orleans puts a failed grain call's exception message and full text on its span. The
/// hotline's own messages name only fields and rules, but an unexpected exception from a
/// library may quote the data it choked on, so spans keep the exception's type alone.
/// </summary>
public sealed class ExceptionDetailScrubber : BaseProcessor<Activity>
{
    private static readonly string[] Removed = ["exception.message", "exception.stacktrace"];

    public override void OnEnd(Activity data)
    {
        foreach (var key in Removed)
        {
            if (data.GetTagItem(key) is not null)
            {
                data.SetTag(key, null);
            }
        }
    }
}
