using System.Globalization;

namespace Hotline.Bench;

/// <summary>
/// The counter as a running gateway's Prometheus endpoint (its own port) shows it. A gateway in front of silos
/// elsewhere does not write to storage itself and shows none; the count is then not reported.
/// </summary>
public sealed class ScrapedStorageWrites(Uri metrics) : IStorageWrites
{
    /// <summary>OpenTelemetry's Prometheus name for the counter: dots to underscores, <c>_total</c> added.</summary>
    private const string MetricName = "hotline_storage_writes_total";

    private readonly HttpClient _http = new(new SocketsHttpHandler())
    {
        BaseAddress = metrics,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public async Task<long?> ReadAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync("/metrics", cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        long? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (Sample(line) is { } value)
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The value of one exposition line of the counter: <c>name{labels} value [timestamp]</c>.</summary>
    private static long? Sample(string line)
    {
        if (!line.StartsWith(MetricName, StringComparison.Ordinal) || line.Length == MetricName.Length
            || line[MetricName.Length] is not ('{' or ' '))
        {
            return null;
        }

        var rest = line[MetricName.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[MetricName.Length..];
        var value = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? (long)n : null;
    }
}
