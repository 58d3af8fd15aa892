namespace Hotline.Supervision;

/// <summary>
/// One region's counters for one local day. Only contacts from people count; follow-ups and
/// transfers are work of the case and are left out. Kept in memory by the dispatcher and saved
/// with its state every <see cref="SupervisionOptions.CounterSaveInterval"/>.
/// </summary>
/// <remarks>
/// Service level is answered within the threshold ÷ (answered + abandoned), counted on the day
/// each contact was answered or abandoned: a contact abandoned before the threshold still counts
/// against it (Asterisk's "ServicelevelPerf2"). Average speed of answer is the total time from
/// entering to being answered ÷ answered. Abandonment rate is abandoned ÷ (answered + abandoned).
/// </remarks>
[GenerateSerializer, Alias("hotline.QueueDay")]
public sealed class QueueDay
{
    [Id(0)] public DateOnly Day { get; set; }
    [Id(1)] public int Entered { get; set; }
    [Id(2)] public int Answered { get; set; }
    [Id(3)] public int AnsweredWithinThreshold { get; set; }
    [Id(4)] public long TotalAnswerWaitMs { get; set; }
    [Id(5)] public int Abandoned { get; set; }
    [Id(6)] public int EscalatedOut { get; set; }
    [Id(7)] public int EscalatedIn { get; set; }
    [Id(8)] public int MissedOffers { get; set; }
    [Id(9)] public int Declined { get; set; }

    /// <summary>Wrap-ups of this region's responders that ended today.</summary>
    [Id(10)] public int WrapUps { get; set; }

    /// <summary>Their after-contact time, in all.</summary>
    [Id(11)] public long TotalAfterContactMs { get; set; }

    /// <summary>Contacts turned into call-backs (asked by the caller, or taken out of hours).</summary>
    [Id(12)] public int CallBacksRequested { get; set; }

    /// <summary>Call-backs that ended after their last attempt failed to reach the person.</summary>
    [Id(13)] public int CallBacksUnreached { get; set; }

    /// <summary>Starts a new day's counters when <paramref name="today"/> is not this one's day. True when it did.</summary>
    public bool RollTo(DateOnly today)
    {
        if (today == Day)
        {
            return false;
        }

        Day = today;
        Entered = Answered = AnsweredWithinThreshold = Abandoned = EscalatedOut = EscalatedIn = MissedOffers = Declined = CallBacksRequested = CallBacksUnreached = 0;
        TotalAnswerWaitMs = TotalAfterContactMs = WrapUps = 0;
        return true;
    }

    /// <summary>A contact was answered after waiting <paramref name="waited"/>.</summary>
    public void CountAnswered(TimeSpan waited, TimeSpan threshold)
    {
        Answered++;
        TotalAnswerWaitMs += (long)Math.Max(0, waited.TotalMilliseconds);
        AnsweredWithinThreshold += waited <= threshold ? 1 : 0;
    }

    /// <summary>A responder's wrap-up ended after <paramref name="took"/> of after-contact time.</summary>
    public void CountWrapUp(TimeSpan took)
    {
        WrapUps++;
        TotalAfterContactMs += (long)Math.Max(0, took.TotalMilliseconds);
    }

    /// <summary>Mean after-contact time of the wrap-ups ended; zero when none ended.</summary>
    public TimeSpan AverageAfterContact => WrapUps == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds((double)TotalAfterContactMs / WrapUps);

    public QueueDay Copy() => (QueueDay)MemberwiseClone();

    /// <summary>Mean wait of the answered contacts; zero when none was answered.</summary>
    public TimeSpan AverageSpeedOfAnswer => Answered == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds((double)TotalAnswerWaitMs / Answered);

    /// <summary>Share of finished contacts (answered or abandoned) that were abandoned; zero when none finished.</summary>
    public double AbandonmentRate => Answered + Abandoned == 0 ? 0 : (double)Abandoned / (Answered + Abandoned);

    /// <summary>Share of finished contacts answered within the threshold; one when none finished yet.</summary>
    public double ServiceLevel => Answered + Abandoned == 0 ? 1 : (double)AnsweredWithinThreshold / (Answered + Abandoned);

    /// <summary>The sum of several regions' counters of the same day (the national row).</summary>
    public static QueueDay Sum(IEnumerable<QueueDay> days)
    {
        var total = new QueueDay();
        foreach (var d in days)
        {
            total.Day = d.Day;
            total.Entered += d.Entered;
            total.Answered += d.Answered;
            total.AnsweredWithinThreshold += d.AnsweredWithinThreshold;
            total.TotalAnswerWaitMs += d.TotalAnswerWaitMs;
            total.Abandoned += d.Abandoned;
            total.EscalatedOut += d.EscalatedOut;
            total.EscalatedIn += d.EscalatedIn;
            total.MissedOffers += d.MissedOffers;
            total.Declined += d.Declined;
            total.WrapUps += d.WrapUps;
            total.TotalAfterContactMs += d.TotalAfterContactMs;
            total.CallBacksRequested += d.CallBacksRequested;
            total.CallBacksUnreached += d.CallBacksUnreached;
        }

        return total;
    }
}
