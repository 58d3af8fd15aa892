using Hotline.Gateway.Hosting;
using Hotline.Gateway.Security;

if (args is ["token", ..])
{
    return TokenCommand.Run(args[1..], Console.Out, Console.Error);
}

var app = HotlineGateway.Build(args);
await app.RunAsync();
return 0;
