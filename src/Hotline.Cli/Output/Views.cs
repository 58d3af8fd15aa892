using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Hotline.Api.V1;
using Spectre.Console;

namespace Hotline.Cli.Output;

/// <summary>How contacts, responders and cases look on a terminal: label and value grids, tables for lists.</summary>
public static class Views
{
    public static void Contact(IAnsiConsole console, Contact c) => Grid(console, $"Contact {c.ContactId}",
    [
        ("status", ProtoEnum.Show(c.Status)),
        ("kind", ProtoEnum.Show(c.Kind)),
        ("case", c.CaseId),
        ("region", c.Region),
        ("location", c.Location),
        ("channel", ProtoEnum.Show(c.Channel)),
        ("language", c.Language),
        ("skills", Skills.Show(c.RequiredSkills)),
        ("urgency", ProtoEnum.Show(c.Urgency)),
        ("responder", c.ResponderId),
        ("received", Time(c.ReceivedAt)),
        ("connected", Time(c.ConnectedAt)),
        ("ended", Time(c.EndedAt)),
        ("offer deadline", Time(c.OfferDeadline)),
        ("caller name", c.CallerName),
        ("callback", c.Callback),
        ("call-back", c.CallBack is null ? "" : CallBackLine("", c.CallBack)),
        ("summary", c.Summary),
    ]);

    /// <summary>"unreached: 3 of 3 attempts failed" or "2 of 3 attempts failed, next after ...", led by a status when given.</summary>
    public static string CallBackLine(string status, CallBack? callBack)
    {
        var lead = status.Length > 0 ? $"{status}: " : "";
        if (callBack is null)
        {
            return $"{lead}not a call-back";
        }

        var reason = callBack.Reason == CallBackReason.OutOfHours ? "out of hours" : "asked by the caller";
        var next = callBack.NextAttemptAt is { } at ? $", next attempt after {Time(at)}" : "";
        return $"{lead}{reason}, {callBack.FailedAttempts} of {callBack.MaxAttempts} attempts failed{next}";
    }

    public static void Responder(IAnsiConsole console, Responder r) => Grid(console, $"Responder {r.ResponderId}",
    [
        ("name", r.DisplayName),
        ("home region", r.HomeRegion),
        ("presence", Presence(r.Presence, r.PresenceReason)),
        ("connected", r.Connected ? "yes" : "no"),
        ("wrap-up", WrapUps(r.WrapUps)),
        ("languages", string.Join(", ", r.Languages)),
        ("skills", Skills.Show(r.Skills)),
        ("capacity", string.Join(", ", r.Capacity.Select(c => $"{ProtoEnum.Show(c.Channel)}={c.Capacity}"))),
        ("working", string.Join(", ", r.Assignments.Select(a => a.ContactId))),
    ]);

    public static void Roster(IAnsiConsole console, RosterEntry r) => Grid(console, $"Responder {r.ResponderId}",
    [
        ("status", ProtoEnum.Show(r.Status)),
        ("presence", Presence(r.Presence, r.PresenceReason)),
        ("since", Time(r.StatusSince)),
        ("wrap-up", WrapUps(r.WrapUps)),
        ("load", string.Join(", ", r.Load.Select(l => $"{ProtoEnum.Show(l.Channel)} {l.Load}/{l.Capacity}"))),
        ("missed today", r.MissedOffersToday.ToString(CultureInfo.InvariantCulture)),
    ]);

    public static void Case(IAnsiConsole console, Case c)
    {
        Grid(console, $"Case {c.CaseId}",
        [
            ("status", ProtoEnum.Show(c.Status)),
            ("region", c.Region),
            ("owner", c.OwnerResponderId),
            ("opened", Time(c.OpenedAt)),
            ("last activity", Time(c.LastActivityAt)),
            ("contacts", string.Join(", ", c.ContactIds)),
            ("exploitation", ProtoEnum.Show(c.Facts?.ExploitationType ?? ExploitationType.Unspecified)),
            ("risk", ProtoEnum.Show(c.Facts?.RiskLevel ?? RiskLevel.Unspecified)),
            ("victim status", ProtoEnum.Show(c.Facts?.VictimStatus ?? VictimStatus.Unspecified)),
            ("share with partners", c.Facts?.Consents?.ShareWithPartners == true ? "yes" : "no"),
            ("contact back", c.Facts?.Consents?.ContactBack == true ? "yes" : "no"),
            .. SafeContact(c.Facts?.Consents),
            ("caller not safe since", Time(c.CallerNotSafeSince)),
            ("pending transfer", c.PendingTransferId),
        ]);
        Table(console, "Notes", ["at", "author", "note"], c.Notes.Select(n => new[] { Time(n.At), n.Author, n.Text }));
        Table(console, "Referrals", ["id", "service", "organisation", "status"], c.Referrals.Select(r => new[]
        {
            r.ReferralId, ProtoEnum.Show(r.Service), r.OrganisationId, ProtoEnum.Show(r.Status),
        }));
        Table(console, "Follow-ups", ["id", "kind", "due", "state"], c.FollowUps.Select(f => new[]
        {
            f.FollowUpId, ProtoEnum.Show(f.Kind), Time(f.DueAt),
            f.CancelledAt is not null ? "cancelled" : f.RoutedAt is not null ? "routed" : "waiting",
        }));
    }

    /// <summary>The rules of reaching the person safely; the code word only as set, since a read never returns it.</summary>
    private static (string Label, string Value)[] SafeContact(Consents? consents) => consents is null ? [] :
    [
        ("safe window", consents.SafeWindow is { } window ? Commands.SafeWindowInput.Describe(window) : ""),
        ("safe channel", consents.SafeChannel == Channel.Unspecified ? "" : ProtoEnum.Show(consents.SafeChannel)),
        ("no message", consents.NoMessage ? "yes: leave no message" : ""),
        ("code word", consents.CodeWordSet ? "set" : ""),
    ];

    /// <summary>The rules an offer shows its responder: "only Mon-Fri 10:00-17:00, on sms, leave no message, code word: ..." (the window on the hotline's clock).</summary>
    public static string SafeContactRules(SafeContactRules rules) => string.Join(", ", new[]
    {
        rules.Window is not { } window ? "any time"
            : window.Days.Count == 0 ? $"only {window.Opens}-{window.Closes}"
            : $"only {Commands.SafeWindowInput.Describe(window)}",
        rules.Channel == Channel.Unspecified ? "" : $"on {ProtoEnum.Show(rules.Channel)}",
        rules.NoMessage ? "leave no message" : "",
        rules.CodeWord.Length > 0 ? $"code word: {rules.CodeWord}" : "",
    }.Where(x => x.Length > 0));

    public static void History(IAnsiConsole console, string caseId, IEnumerable<CaseEvent> events) =>
        Table(console, $"History of case {caseId}", ["at", "what", "who", "detail"], events.Select(e => new[] { Time(e.At), e.Kind, e.Actor, e.Detail }));

    public static void Audit(IAnsiConsole console, string caseId, IEnumerable<AuditRecord> records) =>
        Table(console, $"Audit of case {caseId}", ["at", "who", "role", "what", "contact"], records.Select(r => new[] { Time(r.At), r.Actor, r.Role, r.Action, r.ContactId }));

    public static void Partners(IAnsiConsole console, IEnumerable<Partner> partners) =>
        Table(console, "Partner organisations", ["id", "name", "regions", "services", "outside"], partners.Select(p => new[]
        {
            p.OrganisationId, p.Example ? $"{p.Name} (example)" : p.Name, string.Join(", ", p.Regions),
            string.Join(", ", p.Services.Select(x => ProtoEnum.Show(x))), p.Outside ? "yes: needs consent to share" : "no",
        }));

    public static void Rosters(IAnsiConsole console, IEnumerable<RosterEntry> entries) =>
        Table(console, "Responders", ["responder", "name", "region", "status", "presence", "connected", "since", "load", "wrap-up", "missed today"], entries.Select(r => new[]
        {
            r.ResponderId, r.DisplayName, r.HomeRegion, ProtoEnum.Show(r.Status), Presence(r.Presence, r.PresenceReason), r.Connected ? "yes" : "no", Time(r.StatusSince),
            string.Join(", ", r.Load.Select(l => $"{ProtoEnum.Show(l.Channel)} {l.Load}/{l.Capacity}")), WrapUps(r.WrapUps), r.MissedOffersToday.ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>A presence with its reason: <c>break (meal)</c>.</summary>
    public static string Presence(Presence presence, PresenceReason reason) =>
        reason == PresenceReason.Unspecified ? ProtoEnum.Show(presence) : $"{ProtoEnum.Show(presence)} ({ProtoEnum.Show(reason)})";

    /// <summary>Wrap-ups running, each with when it ends: <c>voice until 2026-11-24 09:01:00Z</c>.</summary>
    public static string WrapUps(IEnumerable<WrapUp> wrapUps) =>
        string.Join(", ", wrapUps.Select(w => $"{ProtoEnum.Show(w.Channel)} until {Time(w.EndsAt)}"));

    public static void CallerErasure(IAnsiConsole console, EraseCallerResponse result)
    {
        if (result.Cases.Count == 0)
        {
            console.WriteLine("No case was opened from that number (or every one is already erased).");
            return;
        }

        Table(console, "Cases of the person", ["case", "region", "erased", "not erased because"], result.Cases.Select(c => new[]
        {
            c.CaseId, c.Region, Time(c.ErasedAt), c.Refused,
        }));
    }

    public static void Cases(IAnsiConsole console, ListCasesResponse page)
    {
        Table(console, "Cases", ["case", "region", "status", "owner", "last activity", "next follow-up", "retention erases"], page.Cases.Select(c => new[]
        {
            c.CaseId, c.Region, ProtoEnum.Show(c.Status), c.OwnerResponderId, Time(c.LastActivityAt), Time(c.NextFollowUpAt), Time(c.RetentionErasesAt),
        }));
        if (page.NextPageToken.Length > 0)
        {
            console.MarkupLine($"More: --page-token {Markup.Escape(page.NextPageToken)}");
        }
    }

    public static string Time(Timestamp? at) =>
        at is null ? "" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(Google.Protobuf.WellKnownTypes.Duration? d)
    {
        if (d is null)
        {
            return "";
        }

        var span = d.ToTimeSpan();
        return span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    private static void Grid(IAnsiConsole console, string title, IEnumerable<(string Label, string Value)> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in rows.Where(r => r.Value.Length > 0))
        {
            grid.AddRow(new Text(label), new Text(value));
        }

        console.Write(new Rule(Markup.Escape(title)) { Justification = Justify.Left });
        console.Write(grid);
    }

    private static void Table(IAnsiConsole console, string title, string[] columns, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumns(columns);
        var any = false;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(v => new Text(v)).ToArray<Spectre.Console.Rendering.IRenderable>());
            any = true;
        }

        if (any)
        {
            console.Write(table);
        }
        else
        {
            console.MarkupLine($"{Markup.Escape(title)}: none");
        }
    }
}
