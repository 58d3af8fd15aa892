using Grpc.Core;
using Hotline.Bench;

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine(error);
        Console.Error.WriteLine();
        Console.Error.WriteLine(BenchOptions.Help);
        return 2;
    }

    Console.WriteLine(BenchOptions.Help);
    return 0;
}

using var abort = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    abort.Cancel();
};

BenchResult result;
try
{
    result = await BenchRun.RunAsync(options, abort.Token);
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Console.Error.WriteLine("bench cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidDataException or IOException or RpcException or HttpRequestException)
{
    Console.Error.WriteLine($"bench failed: {e.Message}");
    return 1;
}

Console.Write(Report.Text(result));
await Report.WriteJsonAsync(result, options.JsonPath);
Console.Error.WriteLine($"results written to {Path.GetFullPath(options.JsonPath)}");
return abort.IsCancellationRequested ? 130 : 0;
