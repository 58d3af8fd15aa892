using Hotline.Hosting;
using Microsoft.Extensions.Hosting;

// A silo on its own: the same grains and storage wiring the gateway embeds.
// Settings ship beside the binary; the working directory is only where ./data goes.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo.AddHotlineSilo(builder.Configuration));
await builder.Build().RunAsync();
