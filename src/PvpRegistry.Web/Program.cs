using PvpRegistry.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRegistryWeb(builder.Configuration);

var app = builder.Build();
app.UseRegistryWeb();
await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>The web host's entry point (public for the integration tests' WebApplicationFactory).</summary>
public partial class Program;
