using Hotline.Silo;

// A silo on its own: the same grains and storage wiring the gateway embeds. With
// Hotline:Storage:Provider=Postgres it joins the cluster whose members share that database.
return await SiloCommand.RunAsync(args);
