using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>
/// How long a responder stays in wrap-up on a channel after a contact of it ends (section
/// <c>Hotline:Routing:WrapUp</c>); zero turns wrap-up off for that channel.
/// </summary>
public sealed class WrapUpTimes
{
    /// <summary>The longest wrap-up a channel may be given.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public TimeSpan Voice { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan Sms { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan Chat { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan Messenger { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan WalkIn { get; set; } = TimeSpan.FromSeconds(120);

    public TimeSpan For(Channel channel) => channel switch
    {
        Channel.Voice => Voice,
        Channel.Sms => Sms,
        Channel.Chat => Chat,
        Channel.Messenger => Messenger,
        Channel.WalkIn => WalkIn,
        _ => TimeSpan.Zero,
    };

    /// <summary>True when every channel's time is from zero to <see cref="Longest"/>.</summary>
    public bool IsValid() => Enum.GetValues<Channel>().All(c => For(c) >= TimeSpan.Zero && For(c) <= Longest);
}
