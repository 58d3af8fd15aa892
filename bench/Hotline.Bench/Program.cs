using Grpc.Core;
using Hotline.Bench;

var parse = BenchCommand.Build().Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("Run with --help to see the options.");
    return 2;
}

// The root command has no action of its own: one here is --help or --version, which print and end.
if (parse.Action is not null)
{
    return parse.Invoke();
}

var options = BenchCommand.Options(parse);

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
