using Hotline.Gateway.Hosting;

var app = HotlineGateway.Build(args);
await app.RunAsync();
