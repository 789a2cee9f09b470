using System.Net;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests;

public sealed class HostTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public HostTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Live_Get_ReturnsOkWithRequestId()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-ID").Single()));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthRoutes_Head_AnswerLikeGetWithoutABody(string path)
    {
        using var client = factory.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        using var get = await client.GetAsync(path);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HealthDetailed_HeadWithoutKey_IsUnauthorized()
    {
        using var client = factory.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health/detailed"));

        Assert.Equal(HttpStatusCode.Unauthorized, head.StatusCode);
    }

    [Fact]
    public async Task Ready_StoreOpen_ReturnsOk()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(factory.DataFolder, "stepwise.db")));
    }

    [Fact]
    public async Task UnknownRoute_Get_ReturnsNotFoundEnvelope()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/api/v1/nothing-here");
        var error = await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Equal("No route matches GET /api/v1/nothing-here", Envelope.Message(error));
    }

    [Fact]
    public async Task WrongMethod_Post_ReturnsMethodNotAllowedEnvelopeWithAllowedMethods()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/health/live", null);
        var error = await Envelope.AssertErrorAsync(response, 405, "METHOD_NOT_ALLOWED");
        Assert.Contains("GET", error["details"]!["allowed"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Theory]
    [InlineData("my-debug-request-001")]
    [InlineData("batch-001.item:2")]
    public async Task RequestId_SafeValue_IsEchoed(string requestId)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nowhere");
        request.Headers.Add("X-Request-ID", requestId);
        using var response = await client.SendAsync(request);
        var error = await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-ID").Single());
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("quote\"inside")]
    [InlineData("<script>")]
    public async Task RequestId_UnsafeValue_IsReplaced(string requestId)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-ID", requestId);
        using var response = await client.SendAsync(request);
        var returned = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual(requestId, returned);
        Assert.True(Guid.TryParse(returned, out _));
    }

    [Fact]
    public async Task RequestId_Generated_IsAVersion7UuidOrderedByTime()
    {
        using var client = factory.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/health/live");
            ids.Add(response.Headers.GetValues("X-Request-ID").Single());
        }

        Assert.All(ids, id => Assert.Equal(7, Guid.Parse(id).Version));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task RequestId_TooLong_IsReplaced()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-ID", new string('a', 129));
        using var response = await client.SendAsync(request);
        Assert.True(Guid.TryParse(response.Headers.GetValues("X-Request-ID").Single(), out _));
    }
}
