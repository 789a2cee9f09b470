using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Records;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Query;

/// <summary><c>GET /api/v1/query</c>: rows of the caller's organization, and every error type in the envelope.</summary>
public sealed class QueryApiTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public QueryApiTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Query_RecordsByPayloadPath_ReturnsTheOrganizationsRows()
    {
        await factory.CreateOrgAsync("query-rows");
        await factory.CreateOrgAsync("query-other");
        using var client = factory.Client(org: "query-rows");
        using var other = factory.Client(org: "query-other");
        var mine = await RecordApiTests.CreateAsync(client, """{"source": "api", "category": "c", "payload": {"customer": {"id": 42}}}""");
        await RecordApiTests.CreateAsync(client, """{"source": "api", "category": "c", "payload": {"customer": {"id": 7}}}""");
        await RecordApiTests.CreateAsync(other, """{"source": "api", "category": "c", "payload": {"customer": {"id": 42}}}""");

        var result = await RecordApiTests.GetAsync(client, "/api/v1/query?q=" + Uri.EscapeDataString("records where payload.customer.id = 42"));
        var count = await RecordApiTests.GetAsync(client, "/api/v1/query?q=" + Uri.EscapeDataString("count records group by category"));

        Assert.Equal("records", (string)result["entity"]!);
        Assert.Equal((string)mine["id"]!, (string)Assert.Single(result["rows"]!.AsArray())!["id"]!);
        Assert.Equal(100, (int)result["limit"]!);
        Assert.False((bool)result["truncated"]!);
        Assert.Equal("""[{"category":"c","count":2}]""", count["rows"]!.ToJsonString());
    }

    [Theory]
    [InlineData("executions where status = @x", 400, "BAD_REQUEST", "LexerError", "unexpected character '@'", 26)]
    [InlineData("executions where 123 = 1", 400, "BAD_REQUEST", "ParserError", "expected identifier, got '123'", 17)]
    [InlineData("executions where", 400, "BAD_REQUEST", "ParserError", "unexpected end of input", 16)]
    [InlineData("users", 422, "VALIDATION_ERROR", "SemanticError", "unknown entity 'users'", 0)]
    [InlineData("workflows where email = 'x'", 422, "VALIDATION_ERROR", "CompilerError", "unknown field 'email' on entity 'workflow'", 16)]
    [InlineData("workflows where version = 'x'", 422, "VALIDATION_ERROR", "CompilerError", "type mismatch for field 'version': expected int, got string", 26)]
    public async Task Query_BadQuery_AnswersTheErrorTypeAndPosition(string query, int status, string code, string type, string message, int position)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/api/v1/query?q=" + Uri.EscapeDataString(query));

        var error = await Envelope.AssertErrorAsync(response, status, code);
        Assert.Equal(message, Envelope.Message(error));
        Assert.Equal(type, (string)error["details"]!["type"]!);
        Assert.Equal(position, (int)error["details"]!["position"]!);
    }

    [Fact]
    public async Task Query_TimeLimit_IsAnExecutionErrorWithoutSql()
    {
        await using var slow = new ServerFactory().With("STEPWISE_QUERY_TIMEOUT", "1ms");
        using var client = slow.Client();
        // Enough rows (20,000 of about 1 KB) that scanning them takes well over the limit even on an idle machine: the
        // limit stops the statement mid-scan. With 5,000, an idle machine sometimes finished before the timer fired.
        for (var batch = 0; batch < 20; batch++)
        {
            using var stored = await client.PostAsync("/api/v1/records/batch", Api.Json(
                "{\"records\": [" + string.Join(',', Enumerable.Range(0, 1000).Select(i => $"{{\"source\": \"s\", \"category\": \"c\", \"payload\": {{\"pad\": \"{new string('x', 900)}{i}\"}}}}")) + "]}"));
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }


        using var response = await client.GetAsync("/api/v1/query?q=" + Uri.EscapeDataString(
            "count records where payload contains 'nothing like this' or source contains 'nope' or category contains 'zz'"));

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Equal("ExecutionError", (string)error["details"]!["type"]!);
        Assert.StartsWith("query stopped at its time limit of 1ms", Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_AuditAsOperator_Returns403AndAsAdminAnswers()
    {
        var operatorKey = await factory.CreateKeyAsync("default", Stepwise.Core.Storage.ApiKeyRole.Operator);
        using var asOperator = factory.Client(operatorKey);
        using var asAdmin = factory.Client();

        using var denied = await asOperator.GetAsync("/api/v1/query?q=audit");
        using var allowed = await asAdmin.GetAsync("/api/v1/query?q=" + Uri.EscapeDataString("count audit"));

        Assert.Equal("Querying the audit log needs the admin role", Envelope.Message(await Envelope.AssertErrorAsync(denied, 403, "FORBIDDEN")));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/query", "Query parameter 'q' is required: a query such as executions where status = 'failed'")]
    [InlineData("/api/v1/query?q=executions&limit=5", "Unknown query parameter 'limit': this endpoint accepts q")]
    public async Task Query_BadParameters_Return422(string url, string message)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(url);
        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }
}
