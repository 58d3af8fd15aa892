using Grpc.Core;
using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;

namespace Hotline.Tests.Security;

/// <summary>Intake is rate limited per caller, and oversized requests are refused before they are read.</summary>
public sealed class AbuseLimitTests
{
    [Fact]
    public async Task IntakePastTheLimitIsRefusedPerCallerAndCreatesNothing()
    {
        await using var host = await HotlineHost.StartAsync(null, null, "--Hotline:Limits:IntakePerMinute=3");
        var busy = host.As(People.OperatorIn);
        var opened = new List<Contact>();
        for (var i = 0; i < 3; i++)
        {
            opened.Add(await busy.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez")));
        }

        var writes = host.Storage.Writes;
        var refused = await Assert.ThrowsAsync<RpcException>(() => busy.Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("intake", refused.Status.Detail);
        Assert.Equal(writes, host.Storage.Writes);
        Assert.Equal(3, (await host.QueueAsync(People.Region)).Waiting);

        // Another operator has a limit of their own; reads are not limited.
        await host.As(People.OperatorOther).Intake.OpenContactAsync(Requests.Contact("AZ-ISM", "lez"));
        var read = await busy.Intake.GetContactAsync(new GetContactRequest { ContactId = opened[0].ContactId });
        Assert.Equal(opened[0].Summary, read.Summary);
        Assert.Equal(4, (await host.QueueAsync(People.Region)).Waiting);
    }

    [Fact]
    public async Task OversizedRequestIsRefusedAndChangesNothing()
    {
        await using var host = await HotlineHost.StartAsync();
        var request = Requests.Contact("AZ-ISM", "lez");
        request.Summary = new string('x', 100_000);

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Intake.OpenContactAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(0, host.Storage.Writes);
    }

    [Theory]
    [InlineData("caller_reference", 101)]
    [InlineData("caller_name", 201)]
    [InlineData("callback", 501)]
    public async Task PersonalFieldsHaveMaximumLengths(string field, int length)
    {
        await using var host = await HotlineHost.StartAsync();
        var request = Requests.Contact("AZ-ISM", "lez");
        var value = new string('x', length);
        _ = field switch
        {
            "caller_reference" => request.CallerReference = value,
            "caller_name" => request.CallerName = value,
            _ => request.Callback = value,
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Intake.OpenContactAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains($"{field}: must be at most {length - 1} characters", refused.Status.Detail);
        Assert.Equal(0, host.Storage.Writes);
    }
}
