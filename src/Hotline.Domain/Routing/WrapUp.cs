using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>A responder's wrap-up on one channel: from when a contact of it ended until <paramref name="Until"/>, no offer on that channel.</summary>
[GenerateSerializer, Immutable, Alias("hotline.WrapUp")]
public sealed record WrapUp([Id(0)] Channel Channel, [Id(1)] DateTimeOffset Since, [Id(2)] DateTimeOffset Until);
