using Hotline.Hosting;
using Microsoft.Extensions.Hosting;

// A silo on its own: the same grains and storage wiring the gateway embeds.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddHotlineSilo(builder.Configuration));
await builder.Build().RunAsync();
