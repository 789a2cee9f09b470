using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Records;

/// <summary>Records over HTTP, starting with seed 002's "Validation with curl" call by call.</summary>
public sealed class RecordApiTests : IClassFixture<ServerFactory>
{
    internal const string Classifier = """
        name: classify
        params:
          - { name: key, type: string, required: true }
        nodes:
          - id: check
            type: transform
            with:
              bad: ${{ params.key == 'bad' }}
          - id: reject
            type: fail
            when: ${{ nodes.check.output.bad }}
            with: { message: "classification failed: invalid payload format" }
          - id: label
            type: transform
            when: ${{ !nodes.check.output.bad }}
            with: { label: "valid-${{ params.key }}" }
        connections:
          - { from: check, to: reject }
          - { from: check, to: label }
        output: ${{ nodes.label?.output }}
        """;

    private readonly ServerFactory factory;

    public RecordApiTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Seed002_ValidationWithCurl_WorksCallByCall()
    {
        await factory.CreateOrgAsync("seed002");
        using var client = factory.Client(org: "seed002");
        await client.DeployAsync(Classifier);
        using (var bind = await client.PutAsync("/api/v1/records/processors/test", Api.Json("""{"workflow": "classify"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, bind.StatusCode);
        }

        // Create Record: 201 with the record JSON.
        var good = await CreateAsync(client, """{"source": "api", "category": "test", "payload": {"key": "value"}}""");
        Assert.Equal("pending", (string)good["status"]!);
        Assert.Equal("api", (string)good["source"]!);
        Assert.NotNull(good["created_at"]);
        Assert.Equal((string)good["created_at"]!, (string)good["updated_at"]!);
        var bad = await CreateAsync(client, """{"source": "api", "category": "test", "payload": {"key": "bad"}}""");
        var other = await CreateAsync(client, """{"source": "email", "category": "other", "payload": {}}""");

        // List Records: newest first by default, sorted by status ascending, filtered and paged.
        Assert.Equal([Id(other), Id(bad), Id(good)], Ids(await GetAsync(client, "/api/v1/records")));
        var page = await GetAsync(client, "/api/v1/records?status=pending&limit=10&offset=0");
        Assert.Equal(3, page["items"]!.AsArray().Count);
        Assert.Equal([Id(good)], Ids(await GetAsync(client, "/api/v1/records?status=pending&limit=1&offset=2")));

        // Get Specific Record.
        var read = await GetAsync(client, $"/api/v1/records/{Id(good)}");
        Assert.Equal(Id(good), Id(read));
        Assert.Empty(read["runs"]!.AsArray());

        // Process Record: processed with the run's output, or failed with its error.
        var processed = await PostAsync(client, $"/api/v1/records/{Id(good)}/process", HttpStatusCode.OK);
        Assert.Equal("processed", (string)processed["status"]!);
        Assert.Equal("valid-value", (string)processed["output"]!["label"]!);
        Assert.Null(processed["error"]);
        var failed = await PostAsync(client, $"/api/v1/records/{Id(bad)}/process", HttpStatusCode.OK);
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Contains("classification failed: invalid payload format", (string)failed["error"]!, StringComparison.Ordinal);

        // Sorted by status ascending: failed, pending, processed.
        Assert.Equal([Id(bad), Id(other), Id(good)], Ids(await GetAsync(client, "/api/v1/records?sort_by=status&sort_order=asc")));
        Assert.Equal([Id(bad)], Ids(await GetAsync(client, "/api/v1/records?status=failed&limit=10")));

        // The runbook's gap closed: a failed record is processed again.
        var again = await PostAsync(client, $"/api/v1/records/{Id(bad)}/reprocess", HttpStatusCode.OK);
        Assert.Equal("failed", (string)again["status"]!);
        Assert.Equal(2, (int)again["attempts"]!);
        Assert.Equal(2, again["runs"]!.AsArray().Count);
        using (var twice = await client.PostAsync($"/api/v1/records/{Id(good)}/process", null))
        {
            var conflict = await Envelope.AssertErrorAsync(twice, 409, "CONFLICT");
            Assert.Equal(
                $"Record '{Id(good)}' is already processed: use POST /api/v1/records/{Id(good)}/reprocess to process it again",
                Envelope.Message(conflict));
        }

        // Every record links to its runs, and each run back to its record.
        var run = await client.GetRunAsync((string)processed["execution_id"]!);
        Assert.Equal("record", (string)run["trigger"]!["type"]!);
        Assert.Equal(Id(good), (string)run["trigger"]!["record_id"]!);
        var found = await GetAsync(client, "/api/v1/query?q=" + Uri.EscapeDataString($"executions where trigger.record_id = '{Id(bad)}'"));
        Assert.Equal(2, (int)found["row_count"]!);

        // Get Summary Report: totals by status and category.
        var summary = await GetAsync(client, "/api/v1/reports/summary");
        Assert.Equal(3, (int)summary["total"]!);
        Assert.Equal(1, (int)summary["by_status"]!["processed"]!);
        Assert.Equal(1, (int)summary["by_status"]!["failed"]!);
        Assert.Equal(1, (int)summary["by_status"]!["pending"]!);
        Assert.Equal(2, (int)summary["by_category"]!["test"]!);
        Assert.Equal(3, (int)Assert.Single(summary["per_day"]!.AsArray())!["total"]!);

        // Test Error Handling: 422 listing each bad field, 404, 422 for an invalid sort.
        using (var invalid = await client.PostAsync("/api/v1/records", Api.Json("""{"invalid": "payload"}""")))
        {
            var error = await Envelope.AssertErrorAsync(invalid, 422, "VALIDATION_ERROR");
            Assert.Equal(
                [
                    "invalid is not a field of a record (source, category, payload)", "source is required", "category is required",
                    "payload is required: a JSON object (the processing run's input)",
                ],
                error["details"]!["errors"]!.AsArray().Select(e => (string)e!));
            Assert.Equal(["invalid", "source", "category", "payload"], error["details"]!["fields"]!.AsArray().Select(f => (string)f!["field"]!));
        }

        using (var missing = await client.GetAsync("/api/v1/records/non-existent-id"))
        {
            Assert.Equal("record not found", Envelope.Message(await Envelope.AssertErrorAsync(missing, 404, "NOT_FOUND")));
        }

        using (var badSort = await client.GetAsync("/api/v1/records?sort_by=invalid"))
        {
            var error = await Envelope.AssertErrorAsync(badSort, 422, "VALIDATION_ERROR");
            Assert.Equal(
                "Invalid value 'invalid' for 'sort_by': expected created_at, updated_at, status, category, source", Envelope.Message(error));
            Assert.Equal("sort_by", (string)error["details"]!["parameter"]!);
        }
    }

    [Theory]
    [InlineData("/api/v1/records?sort=status", "Unknown query parameter 'sort': this endpoint accepts status, category, source, sort_by, sort_order, limit, offset, cursor")]
    [InlineData("/api/v1/records?sort_order=up", "Invalid value 'up' for 'sort_order': expected asc or desc")]
    [InlineData("/api/v1/records?status=done", "Invalid value 'done' for 'status': expected pending, processing, processed, failed")]
    [InlineData("/api/v1/records?limit=0", "Invalid value '0' for 'limit': expected a whole number from 1 to 200")]
    [InlineData("/api/v1/records?offset=-1", "Invalid value '-1' for 'offset': expected a whole number from 0 to 1000000")]
    [InlineData("/api/v1/records?cursor=nope", "Invalid value 'nope' for 'cursor': expected the next_cursor of a previous page")]
    [InlineData("/api/v1/records?limit=1&limit=2", "Query parameter 'limit' is given more than once")]
    [InlineData("/api/v1/reports/summary?days=0", "Invalid value '0' for 'days': expected a whole number from 1 to 366")]
    [InlineData("/api/v1/reports/summary?window=7", "Unknown query parameter 'window': this endpoint accepts days")]
    public async Task List_BadParameter_Returns422NamingIt(string url, string message)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(url);
        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }

    [Fact]
    public async Task CreateBatch_OneBadItem_Returns422ListingEachFieldAndStoresNothing()
    {
        await factory.CreateOrgAsync("batch-bad");
        using var client = factory.Client(org: "batch-bad");
        using var response = await client.PostAsync("/api/v1/records/batch", Api.Json("""
            {"records": [{"source": "api", "category": "test", "payload": {}}, {"source": 5, "category": "a b", "payload": []}]}
            """));

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Equal(
            ["records[1].source must be a string, not number", "records[1].category may contain only letters, digits, '-', '_' and '.'",
             "records[1].payload must be a JSON object, not array"],
            error["details"]!["errors"]!.AsArray().Select(e => (string)e!));
        Assert.Empty((await GetAsync(client, "/api/v1/records"))["items"]!.AsArray());
    }

    [Fact]
    public async Task List_CursorPages_WalkEveryRecordOnce()
    {
        await factory.CreateOrgAsync("paging");
        using var client = factory.Client(org: "paging");
        using (var batch = await client.PostAsync("/api/v1/records/batch", Api.Json(
            "{\"records\": [" + string.Join(',', Enumerable.Range(0, 7).Select(i => $"{{\"source\": \"s{i % 2}\", \"category\": \"c\", \"payload\": {{\"i\": {i}}}}}")) + "]}")))
        {
            Assert.Equal(HttpStatusCode.Created, batch.StatusCode);
            Assert.Equal(7, (await batch.ReadObjectAsync())["items"]!.AsArray().Count);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(client, "/api/v1/records?sort_by=source&limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(Ids(page));
            cursor = (string?)page["next_cursor"];
        }
        while (cursor is not null);

        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(7, seen.Count);
    }

    [Fact]
    public async Task Create_CategoryProcessedOnArrival_RunsWithoutBeingAsked()
    {
        await factory.CreateOrgAsync("arrival");
        using var client = factory.Client(org: "arrival");
        await client.DeployAsync(Classifier);
        using (var bind = await client.PutAsync("/api/v1/records/processors/inbox", Api.Json("""{"workflow": "classify", "process_on_arrival": true}""")))
        {
            Assert.True((bool)(await bind.ReadObjectAsync())["process_on_arrival"]!);
        }

        var created = await CreateAsync(client, """{"source": "api", "category": "inbox", "payload": {"key": "k"}}""");
        Assert.Equal("processing", (string)created["status"]!);

        await client.WaitForAsync((string)created["execution_id"]!, "succeeded");
        var settled = await GetAsync(client, $"/api/v1/records/{Id(created)}");
        Assert.Equal("processed", (string)settled["status"]!);
        Assert.Equal("valid-k", (string)settled["output"]!["label"]!);
    }

    [Fact]
    public async Task Process_Record_StartsItsRunThroughTheRunStarterAuditedForTheRecord()
    {
        await factory.CreateOrgAsync("audited");
        using var client = factory.Client(org: "audited");
        await client.DeployAsync(Classifier);
        await client.PutAsync("/api/v1/records/processors/test", Api.Json("""{"workflow": "classify"}"""));
        var record = await CreateAsync(client, """{"source": "api", "category": "test", "payload": {"key": "v"}}""");

        var processed = await PostAsync(client, $"/api/v1/records/{Id(record)}/process", HttpStatusCode.OK);

        // The run has the id the record was claimed for, and its start is audited as every run start is.
        var executionId = (string)processed["execution_id"]!;
        Assert.Equal(executionId, (string)Assert.Single(processed["runs"]!.AsArray())!["execution_id"]!);
        var audit = await GetAsync(client, "/api/v1/audit?action=execution.start");
        var entry = Assert.Single(audit["items"]!.AsArray(), item => (string?)item!["resource_id"] == executionId)!;
        Assert.Equal($"classify v1 for record {Id(record)}", (string)entry["detail"]!);
    }

    [Fact]
    public async Task Process_PayloadThatDoesNotFitTheWorkflow_FailsTheRecordWithoutARun()
    {
        await factory.CreateOrgAsync("misfit");
        using var client = factory.Client(org: "misfit");
        await client.DeployAsync(Classifier);
        await client.PutAsync("/api/v1/records/processors/test", Api.Json("""{"workflow": "classify"}"""));
        var record = await CreateAsync(client, """{"source": "api", "category": "test", "payload": {"other": 1}}""");

        var failed = await PostAsync(client, $"/api/v1/records/{Id(record)}/process", HttpStatusCode.OK);

        Assert.Equal("failed", (string)failed["status"]!);
        Assert.StartsWith("payload does not fit workflow 'classify': Missing required parameter: key", (string)failed["error"]!, StringComparison.Ordinal);
        Assert.Empty(failed["runs"]!.AsArray());
    }

    [Fact]
    public async Task Process_UnboundCategory_Returns409NamingTheBinding()
    {
        await factory.CreateOrgAsync("unbound");
        using var client = factory.Client(org: "unbound");
        var record = await CreateAsync(client, """{"source": "api", "category": "nobody", "payload": {}}""");

        using var response = await client.PostAsync($"/api/v1/records/{Id(record)}/process", null);

        var error = await Envelope.AssertErrorAsync(response, 409, "CONFLICT");
        Assert.Equal("No workflow processes records of category 'nobody': bind one with PUT /api/v1/records/processors/nobody", Envelope.Message(error));
    }

    [Fact]
    public async Task Get_RecordOfAnotherOrganization_Returns404()
    {
        await factory.CreateOrgAsync("owner-org");
        await factory.CreateOrgAsync("stranger-org");
        using var owner = factory.Client(org: "owner-org");
        using var stranger = factory.Client(org: "stranger-org");
        var record = await CreateAsync(owner, """{"source": "api", "category": "test", "payload": {}}""");

        using var response = await stranger.GetAsync($"/api/v1/records/{Id(record)}");

        await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Empty((await GetAsync(stranger, "/api/v1/records"))["items"]!.AsArray());
    }

    internal static async Task<JsonObject> CreateAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/api/v1/records", Api.Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = await response.ReadObjectAsync();
        Assert.Equal($"/api/v1/records/{Id(record)}", response.Headers.Location?.ToString());
        return record;
    }

    internal static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body.ToJsonString()}");
        return body;
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string url, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(url, null);
        var body = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {body.ToJsonString()}");
        return body;
    }

    private static string Id(JsonObject record) => (string)record["id"]!;

    private static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(item => (string)item!["id"]!)];
}
