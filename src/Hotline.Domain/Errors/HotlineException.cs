namespace Hotline.Errors;

/// <summary>
/// Domain failures that travel from grains to the gateway, which maps each kind to one
/// gRPC status code. Messages never carry personal data: they name fields and rules.
/// </summary>
[GenerateSerializer, Alias("hotline.HotlineException")]
public abstract class HotlineException : Exception
{
    protected HotlineException(string message) : base(message)
    {
    }
}

/// <summary>A request field broke a rule; nothing was changed.</summary>
[GenerateSerializer, Alias("hotline.InvalidFieldException")]
public sealed class InvalidFieldException(string field, string rule)
    : HotlineException($"{field}: {rule}")
{
    [Id(0)] public string Field { get; } = field;
    [Id(1)] public string Rule { get; } = rule;
}

/// <summary>The thing named does not exist.</summary>
[GenerateSerializer, Alias("hotline.NotFoundException")]
public sealed class NotFoundException(string kind, string id)
    : HotlineException($"{kind} '{id}' was not found")
{
    [Id(0)] public string Kind { get; } = kind;
    [Id(1)] public string Id { get; } = id;
}

/// <summary>The current state forbids the transition asked for.</summary>
[GenerateSerializer, Alias("hotline.FailedPreconditionException")]
public sealed class FailedPreconditionException(string reason) : HotlineException(reason)
{
    [Id(0)] public string Reason { get; } = reason;
}

/// <summary>
/// The caller may not do this, or the thing named is outside their reach; the message is the
/// same either way so it says nothing about whether the thing exists.
/// </summary>
[GenerateSerializer, Alias("hotline.PermissionDeniedException")]
public sealed class PermissionDeniedException(string field)
    : HotlineException($"{field}: not within your access")
{
    [Id(0)] public string Field { get; } = field;
}
