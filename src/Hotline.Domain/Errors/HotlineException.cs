namespace Hotline.Errors;

/// <summary>
/// Domain failures that travel from grains to the gateway, which maps each kind to one
/// gRPC status code. Messages never carry personal data: they name fields and rules. A field
/// is named as the domain names it (a command's property, <c>ToResponderId</c>, or a path of
/// them, <c>Consents.ContactBack</c>); the gateway turns that into the API's field name.
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

/// <summary>The current state forbids the transition asked for; <see cref="Field"/> names what the refusal is about, when it is one field.</summary>
[GenerateSerializer, Alias("hotline.FailedPreconditionException")]
public sealed class FailedPreconditionException : HotlineException
{
    public FailedPreconditionException(string field, string reason) : base($"{field}: {reason}")
    {
        Field = field;
        Reason = reason;
    }

    public FailedPreconditionException(string reason) : base(reason) => Reason = reason;

    [Id(0)] public string Reason { get; }

    [Id(1)] public string? Field { get; }
}

/// <summary>
/// The caller may not do this, or the thing named is outside their reach; the message is the
/// same either way so it says nothing about whether the thing exists.
/// </summary>
[GenerateSerializer, Alias("hotline.PermissionDeniedException")]
public sealed class PermissionDeniedException(string field, string? rule = null)
    : HotlineException($"{field}: {rule ?? NotWithinAccess}")
{
    public const string NotWithinAccess = "not within your access";

    [Id(0)] public string Field { get; } = field;

    /// <summary>The rule broken, when saying it reveals nothing the caller may not know; else null.</summary>
    [Id(1)] public string? Rule { get; } = rule;
}

/// <summary>A cap the request would exceed (a case full, a queue full); nothing was changed. <see cref="Field"/> names what it is about.</summary>
[GenerateSerializer, Alias("hotline.ResourceExhaustedException")]
public sealed class ResourceExhaustedException(string field, string rule)
    : HotlineException($"{field}: {rule}")
{
    [Id(0)] public string Field { get; } = field;
    [Id(1)] public string Rule { get; } = rule;
}
