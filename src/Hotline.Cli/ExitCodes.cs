using Grpc.Core;

namespace Hotline.Cli;

/// <summary>What the <c>hotline</c> command returns, for scripts (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something unexpected went wrong (the message says what).</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: unknown command, missing or malformed option.</summary>
    public const int Usage = 2;

    /// <summary>The server refused a field (INVALID_ARGUMENT); nothing changed.</summary>
    public const int InvalidArgument = 3;

    /// <summary>The contact, case or responder does not exist (NOT_FOUND).</summary>
    public const int NotFound = 4;

    /// <summary>No token, a bad one, or a role or region that does not cover it (UNAUTHENTICATED, PERMISSION_DENIED).</summary>
    public const int Refused = 5;

    /// <summary>The current state forbids it (FAILED_PRECONDITION), for example accepting an expired offer.</summary>
    public const int FailedPrecondition = 6;

    /// <summary>The hotline could not be reached or did not answer in time (UNAVAILABLE, DEADLINE_EXCEEDED).</summary>
    public const int Unavailable = 7;

    /// <summary>Too many requests (RESOURCE_EXHAUSTED).</summary>
    public const int Exhausted = 8;

    /// <summary>Interrupted (Ctrl+C) while a call was under way: check whether it took effect.</summary>
    public const int Interrupted = 130;

    public static int For(StatusCode status) => status switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => InvalidArgument,
        StatusCode.NotFound => NotFound,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => Refused,
        StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.Aborted => FailedPrecondition,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => Unavailable,
        StatusCode.ResourceExhausted => Exhausted,
        _ => Failed,
    };
}
