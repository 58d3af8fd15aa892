namespace Hotline.Retention;

/// <summary>How long personal data of closed cases is kept (section <c>Hotline:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Hotline:Retention";

    /// <summary>
    /// A case whose contacts have all ended keeps its personal fields this long after the last
    /// one ended; then they are erased and only the figures stay. Default: two years.
    /// </summary>
    public TimeSpan ClosedCases { get; set; } = TimeSpan.FromDays(730);

    /// <summary>How often the hotline looks for cases past retention.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
