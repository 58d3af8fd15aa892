using Grpc.Core;
using Hotline.Gateway.Errors;
using Hotline.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hotline.Tests.Gateway;

/// <summary>
/// While a silo fails over, the gateway repeats what is safe to repeat for a while before it
/// answers UNAVAILABLE, and repeats nothing else.
/// </summary>
public sealed class FailoverRetryTests
{
    private const string GetResponder = "/hotline.v1.ResponderService/GetResponder";
    private const string DeclineOffer = "/hotline.v1.ResponderService/DeclineOffer";

    [Fact]
    public void ReadsAndWritesThatGiveTheSameResultTwiceAreRepeatableAndNothingElse()
    {
        string[] expected =
        [
            "/hotline.v1.IntakeService/OpenContact", "/hotline.v1.IntakeService/GetContact",
            "/hotline.v1.CaseService/GetCase", "/hotline.v1.CaseService/GetHistory", "/hotline.v1.CaseService/ListCases",
            "/hotline.v1.CaseService/ListPartners", "/hotline.v1.CaseService/GetCaseAudit",
            "/hotline.v1.ResponderService/UpsertResponder", GetResponder, "/hotline.v1.ResponderService/SetPresence",
            "/hotline.v1.ResponderService/AcceptOffer", "/hotline.v1.ResponderService/CompleteContact",
            "/hotline.v1.SupervisorService/GetQueueStats", "/hotline.v1.SupervisorService/SetResponderPresence",
            "/hotline.v1.SupervisorService/SetSurgeMode", "/hotline.v1.SupervisorService/ClearSurgeMode",
            "/hotline.v1.StaffService/RevokeToken", "/hotline.v1.StaffService/DisableResponder", "/hotline.v1.StaffService/EnableResponder",
            "/hotline.v1.CaseService/ClearNotSafe", "/hotline.v1.IntakeService/RequestCallBack", "/hotline.v1.IntakeService/RecordOfflineContact",
            "/hotline.v1.ResponderService/EndWrapUp", "/hotline.v1.ResponderService/RecordCallBackOutcome",
        ];

        Assert.Equal(expected.Order(), FailoverRetry.Repeatable.Order());
    }

    [Fact]
    public async Task ARepeatableCallRidesThroughTheEngineBeingOutOfReach()
    {
        var attempts = 0;

        var answer = await Interceptor(TimeSpan.FromSeconds(20)).UnaryServerHandler<string, string>("request", new TestCallContext(GetResponder),
            (_, _) => ++attempts < 3 ? Task.FromException<string>(new TimeoutException()) : Task.FromResult("answer"));

        Assert.Equal(("answer", 3), (answer, attempts));
    }

    [Fact]
    public async Task ACallThatIsNotSafeToRepeatIsAnsweredUnavailableAfterOneAttempt()
    {
        var attempts = 0;

        var refused = await Assert.ThrowsAsync<RpcException>(() => Interceptor(TimeSpan.FromSeconds(20)).UnaryServerHandler<string, string>("request", new TestCallContext(DeclineOffer),
            (_, _) => { attempts++; return Task.FromException<string>(new TimeoutException()); }));

        Assert.Equal((StatusCode.Unavailable, 1), (refused.StatusCode, attempts));
    }

    [Fact]
    public async Task RetryingStopsAtTheCallersDeadline()
    {
        var attempts = 0;
        var clock = new JumpingClock();
        var deadline = clock.GetUtcNow().UtcDateTime.AddMilliseconds(900);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Interceptor(TimeSpan.FromMinutes(5), clock).UnaryServerHandler<string, string>("request", new TestCallContext(GetResponder, deadline),
            (_, _) => { attempts++; return Task.FromException<string>(new TimeoutException()); }));

        // Pauses of 200 and 400 ms fit before the deadline; the next (800 ms) would not.
        Assert.Equal((StatusCode.Unavailable, 3), (refused.StatusCode, attempts));
    }

    [Fact]
    public async Task ARefusalIsNeverRetried()
    {
        var attempts = 0;

        var refused = await Assert.ThrowsAsync<RpcException>(() => Interceptor(TimeSpan.FromSeconds(20)).UnaryServerHandler<string, string>("request", new TestCallContext(GetResponder),
            (_, _) => { attempts++; return Task.FromException<string>(new Hotline.Errors.NotFoundException("responder", "r-1")); }));

        Assert.Equal((StatusCode.NotFound, 1), (refused.StatusCode, attempts));
    }

    public static DomainErrorInterceptor Interceptor(TimeSpan retryFor, TimeProvider? time = null) =>
        new(new ServiceCollection().BuildServiceProvider(),
            new FailoverRetry(new ClusterSettings { RetryUnavailableFor = retryFor }, time ?? TimeProvider.System, NullLogger<FailoverRetry>.Instance));

    /// <summary>A clock whose every wait ends at once, the clock moved on by the wait: the pauses' arithmetic without real time.</summary>
    private sealed class JumpingClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _now += dueTime;
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new Fired();
        }

        private sealed class Fired : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
