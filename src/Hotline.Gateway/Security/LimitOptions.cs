namespace Hotline.Gateway.Security;

/// <summary>Abuse limits (section <c>Hotline:Limits</c>), per caller (token subject).</summary>
public sealed class LimitOptions
{
    public const string Section = "Hotline:Limits";

    /// <summary>Contacts one caller may open per minute, with bursts up to the same number.</summary>
    public int IntakePerMinute { get; set; } = 60;

    /// <summary>Calls of any RPC one caller may make per minute, with bursts up to the same number.</summary>
    public int CallsPerMinute { get; set; } = 600;

    /// <summary>Live streams (offers, queues, rosters) one caller may hold open at once.</summary>
    public int StreamsPerCaller { get; set; } = 8;

    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(IntakePerMinute), IntakePerMinute), (nameof(CallsPerMinute), CallsPerMinute), (nameof(StreamsPerCaller), StreamsPerCaller) })
        {
            if (value < 1)
            {
                throw new InvalidOperationException($"{Section}:{name} must be at least 1.");
            }
        }
    }
}
