using Hotline.Routing;
using Hotline.Supervision;
using Microsoft.Extensions.Options;

namespace Hotline.Queues;

/// <summary>
/// The regions' opening hours as configured now: a new <see cref="HoursBook"/> whenever the
/// settings change (no restart), read in the hotline's zone.
/// </summary>
public sealed class OpeningHoursSource(IOptionsMonitor<RegionHoursOptions> hours, IOptions<SupervisionOptions> supervision)
{
    private readonly TimeZoneInfo _zone = supervision.Value.Zone();
    private HoursBook? _book;

    /// <summary>The hours of <paramref name="region"/> under the settings as they are now.</summary>
    public OpeningHours For(string region)
    {
        RegionHoursOptions options;
        try
        {
            options = hours.CurrentValue;
        }
        catch (OptionsValidationException)
        {
            // Settings changed to something that does not read: the last good hours stand.
            return _book?.For(region) ?? OpeningHours.Always;
        }

        var book = _book;
        if (book is null || !ReferenceEquals(book.Options, options))
        {
            book = new HoursBook(options, _zone);
            _book = book;
        }

        return book.For(region);
    }
}
