namespace Hotline.Cases;

/// <summary>How follow-ups are found when due (section <c>Hotline:FollowUps</c>).</summary>
public sealed class FollowUpOptions
{
    public const string Section = "Hotline:FollowUps";

    /// <summary>How often the case index is checked for follow-ups due (1 second to 10 minutes).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
