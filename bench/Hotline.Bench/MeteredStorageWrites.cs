using System.Diagnostics.Metrics;

namespace Hotline.Bench;

/// <summary>The meter of an embedded hotline, read in this process.</summary>
public sealed class MeteredStorageWrites : IStorageWrites
{
    private const string MeterName = "Hotline.Storage";
    private const string InstrumentName = "hotline.storage.writes";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private long _sum;
    private bool _seen;

    public MeteredStorageWrites()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            _sum += value;
            _seen = true;
        });
        _listener.Start();
    }

    /// <summary>The counter is observable: asking for it runs its callback here, under the lock.</summary>
    public Task<long?> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            (_sum, _seen) = (0, false);
            _listener.RecordObservableInstruments();
            return Task.FromResult(_seen ? _sum : (long?)null);
        }
    }

    public void Dispose() => _listener.Dispose();
}
