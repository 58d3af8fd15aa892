using System.Text.RegularExpressions;
using Hotline.Gateway.Errors;
using Hotline.Gateway.Services;

namespace Hotline.Gateway.Validation;

/// <summary>Collects every broken rule of a request, then refuses it whole (nothing changes).</summary>
public sealed partial class Violations
{
    private readonly List<(string Field, string Rule)> _found = [];

    public void Add(string field, string rule) => _found.Add((field, rule));

    /// <summary>Checks a required string against a length limit.</summary>
    public bool Text(string field, string value, int max, bool required = true)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
            return false;
        }

        if (value.Length > max)
        {
            Add(field, $"must be at most {max} characters");
            return false;
        }

        return true;
    }

    /// <summary>A client request id: 1-64 of A-Z a-z 0-9 . _ : -.</summary>
    public void RequestId(string field, string value)
    {
        if (Text(field, value, 64) && !RequestIdPattern().IsMatch(value))
        {
            Add(field, "may contain only letters, digits and . _ : -");
        }
    }

    /// <summary>A responder id: 1-64 of a-z 0-9 . _ -, starting with a letter or digit.</summary>
    public void ResponderId(string field, string value)
    {
        if (Text(field, value, 64) && !IsResponderId(value))
        {
            Add(field, "must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /// <summary>A presence reason: known, only with a presence other than AVAILABLE, never the hotline's own (see <see cref="Responders.PresenceRules"/>).</summary>
    public void PresenceReason(string field, Api.V1.Presence presence, Api.V1.PresenceReason reason)
    {
        if (!Enum.IsDefined(reason))
        {
            Add(field, "must be BREAK, MEAL, TRAINING or ADMIN, or unset");
        }
        else if (Enum.IsDefined(presence) && presence != Api.V1.Presence.Unspecified
                 && Responders.PresenceRules.WhyNot(presence.ToDomain(), reason.ToDomain()) is { } why)
        {
            Add(field, why);
        }
    }

    /// <summary>Whether <paramref name="value"/> is a well-formed responder id.</summary>
    public static bool IsResponderId(string value) => ResponderIdPattern().IsMatch(value);

    /// <summary>A required UUID; returns it when well formed.</summary>
    public Guid Uuid(string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
            return Guid.Empty;
        }

        if (value.Length > 36 || !Guid.TryParse(value, out var id))
        {
            Add(field, "must be a UUID");
            return Guid.Empty;
        }

        return id;
    }

    /// <summary>A list of codes: bounded, without duplicates, each from <paramref name="known"/>.</summary>
    public void Codes(string field, IReadOnlyCollection<string> values, IReadOnlySet<string> known, int min, int max)
    {
        if (values.Count < min || values.Count > max)
        {
            Add(field, min == 0 ? $"must have at most {max} entries" : $"must have {min} to {max} entries");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (!known.Contains(value))
            {
                Add(field, $"has a value that is not one of: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
            }
            else if (!seen.Add(value))
            {
                Add(field, "lists the same value twice");
            }
        }
    }

    /// <summary>Throws InvalidArgument naming every violation, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (_found.Count > 0)
        {
            throw RpcErrors.InvalidArgument(_found);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,64}\z")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z")]
    private static partial Regex ResponderIdPattern();
}
