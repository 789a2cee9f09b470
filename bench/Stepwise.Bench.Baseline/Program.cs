using Stepwise.Bench.Baseline;

// The bench harness's baselines: the computations of the greet, chain10 and fanout40 examples as bare minimal
// endpoints, with no engine. Run as is, nothing is stored (the bare endpoint); with --durable <file>, each request
// also writes one SQLite row (WAL, synchronous=FULL, one batching writer) and is answered after its commit: the
// durable limit, what any engine that keeps its runs must at least pay. Each HTTP scenario runs against both in the
// same harness run, and Stepwise's throughput is reported as a ratio of each.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var durablePath = builder.Configuration["durable"];
var app = builder.Build();
await using var log = string.IsNullOrEmpty(durablePath) ? null : DurableLog.Open(durablePath);
app.MapGet("/health/live", () => "ok");
app.MapPost("/hooks/default/greet", async (HttpRequest request) =>
    await BaselineWork.ReadObjectAsync(request) is { } body && BaselineWork.Greet(body) is { } output
        ? await AnswerAsync("greet", output.ToJsonString())
        : Results.BadRequest());
app.MapPost("/hooks/default/chain10", async (HttpRequest request) =>
    await BaselineWork.ReadObjectAsync(request) is not null
        ? await AnswerAsync("chain10", BaselineWork.Chain10().ToJsonString())
        : Results.BadRequest());
app.MapPost("/hooks/default/fanout40", async (HttpRequest request) =>
    await BaselineWork.ReadObjectAsync(request) is not null
        ? await AnswerAsync("fanout40", BaselineWork.Fanout40().ToJsonString())
        : Results.BadRequest());
await app.RunAsync();

async Task<IResult> AnswerAsync(string workflow, string output)
{
    if (log is not null)
    {
        await log.AppendAsync(workflow, output);
    }

    return Results.Text(output, "application/json");
}
