using Stepwise.Bench.Baseline;

// The bench harness's baseline: the computations of the greet, chain10 and fanout40 examples as bare minimal
// endpoints, with no engine and no persistence. Each HTTP scenario runs against this app in the same harness run,
// and Stepwise's throughput is reported as a ratio of it.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/health/live", () => "ok");
app.MapPost("/hooks/default/greet", async (HttpRequest request) =>
    await BaselineWork.ReadObjectAsync(request) is { } body && BaselineWork.Greet(body) is { } output
        ? Results.Text(output.ToJsonString(), "application/json")
        : Results.BadRequest());
app.MapPost("/hooks/default/chain10", async (HttpRequest request) =>
    await BaselineWork.ReadObjectAsync(request) is not null
        ? Results.Text(BaselineWork.Chain10().ToJsonString(), "application/json")
        : Results.BadRequest());
app.MapPost("/hooks/default/fanout40", async (HttpRequest request) =>
    await BaselineWork.ReadObjectAsync(request) is not null
        ? Results.Text(BaselineWork.Fanout40().ToJsonString(), "application/json")
        : Results.BadRequest());
await app.RunAsync();
