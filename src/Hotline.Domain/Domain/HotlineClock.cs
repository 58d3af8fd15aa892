namespace Hotline.Domain;

/// <summary>
/// The hotline's own clock is a keyed <see cref="TimeProvider"/>, separate from the one
/// Orleans uses internally, so tests can move deadlines without moving the runtime's timers.
/// </summary>
public static class HotlineClock
{
    /// <summary>The DI key of the hotline's <see cref="TimeProvider"/>.</summary>
    public const string ServiceKey = "hotline";
}
