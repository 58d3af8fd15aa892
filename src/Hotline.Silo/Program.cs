using Hotline.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A silo on its own: the same grains and storage wiring the gateway embeds. With
// Hotline:Storage:Provider=Postgres it joins the cluster whose members share that database.
// `schema apply` applies the database schema and exits (for administrators who keep
// Hotline:Storage:ApplySchema off on the silos).
// Settings ship beside the binary; the working directory is only where ./data goes.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args is ["schema", ..] ? args[2..] : args, ContentRootPath = AppContext.BaseDirectory });
if (args is ["schema", "apply", ..])
{
    var applied = await SchemaCommand.ApplyAsync(builder.Configuration, Console.Out, CancellationToken.None);
    return applied ? 0 : 1;
}

if (args is ["schema", ..])
{
    Console.Error.WriteLine("usage: Hotline.Silo schema apply [--Hotline:Storage:Provider=Postgres --Hotline:Storage:ConnectionString=...]");
    return 2;
}

// Stopping drains: grains deactivate (their state is already on disk) and the cluster is told
// this silo is leaving, so its grains activate elsewhere at once.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.UseOrleans(silo => silo.AddHotlineSilo(builder.Configuration));
await builder.Build().RunAsync();
return 0;
