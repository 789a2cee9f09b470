using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Workspace;

/// <summary>The workspace over HTTP: status, data providers (found, not found, options enforced), the run form.</summary>
public sealed class WorkspaceApiTests : IDisposable
{
    private const string Onboarding = """
        using Stepwise.Sdk;

        public static class Onboarding
        {
            [Workflow("onboard_user", Description = "Creates an account and greets the user", TimeoutSeconds = 60)]
            public static async Task<string> RunAsync(
                IWorkflowContext context,
                [Param(Label = "Email", Required = true, Pattern = @"^[^@]+@[^@]+\.[^@]+$")] string email,
                [Param(Label = "Department", DataProvider = "get_departments")] string department = "eng")
            {
                return await context.StepAsync("greet", ct => Task.FromResult($"welcome {email} to {department}"));
            }

            [DataProvider("get_departments", Description = "Departments to choose from")]
            public static Task<IReadOnlyList<Option>> Departments(IWorkflowContext context, string? region) =>
                Task.FromResult<IReadOnlyList<Option>>(region == "emea"
                    ? [new("Sales EMEA", "sales-emea")]
                    : [new("Engineering", "eng"), new("Sales", "sales")]);
        }
        """;

    private readonly ServerFactory factory = new();

    public WorkspaceApiTests()
    {
        Directory.CreateDirectory(Path.Combine(factory.DataFolder, "workspace"));
        File.WriteAllText(Path.Combine(factory.DataFolder, "workspace", "Onboarding.cs"), Onboarding);
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task GetDataProvider_Known_ReturnsLabelsAndValuesGivenTheFormsOtherValues()
    {
        using var client = factory.Client();

        using var all = await client.GetAsync("/api/v1/data-providers/get_departments");
        using var emea = await client.GetAsync("/api/v1/data-providers/get_departments?region=emea");

        Assert.Equal("""[{"label":"Engineering","value":"eng"},{"label":"Sales","value":"sales"}]""", await all.Content.ReadAsStringAsync());
        Assert.Equal("""[{"label":"Sales EMEA","value":"sales-emea"}]""", await emea.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetDataProvider_Unknown_Is404NamingIt()
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/api/v1/data-providers/get_nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Data provider 'get_nope' not found", (await response.ReadObjectAsync())["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListDataProviders_ShowsNameDescriptionAndFormParams()
    {
        using var client = factory.Client();

        var list = await (await client.GetAsync("/api/v1/data-providers")).ReadObjectAsync();

        Assert.Equal(
            """{"data_providers":[{"name":"get_departments","description":"Departments to choose from","params":["region"]}]}""",
            list.ToJsonString());
    }

    [Fact]
    public async Task StartRun_ValueNotAmongTheProvidersOptions_Is422NamingTheParam()
    {
        using var client = factory.Client();

        using var bad = await client.PostAsync(
            "/api/v1/workflows/onboard_user/executions", Api.Json("""{"email":"a@b.co","department":"hr"}"""));
        using var good = await client.PostAsync(
            "/api/v1/workflows/onboard_user/executions?wait=30s", Api.Json("""{"email":"a@b.co","department":"sales"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(
            "Parameter 'department' validation failed: 'hr' is not one of the options of data provider 'get_departments' (eng, sales)",
            (await bad.ReadObjectAsync())["error"]!["message"]!.GetValue<string>());
        var run = await good.ReadObjectAsync();
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal("welcome a@b.co to sales", run["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetForm_CodeAndYamlWorkflows_AreJsonSchemaWithTheirParams()
    {
        using var client = factory.Client();
        await client.DeployAsync("""
            name: yaml_form
            params:
              - { name: dept, type: select, label: Department, data_provider: get_departments }
              - { name: count, type: int, required: true, default: 3 }
            nodes:
              - { id: a, type: log, with: { message: hi } }
            """);

        var code = await (await client.GetAsync("/api/v1/workflows/onboard_user/form")).ReadObjectAsync();
        var yaml = await (await client.GetAsync("/api/v1/workflows/yaml_form/form")).ReadObjectAsync();

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", code["$schema"]!.GetValue<string>());
        Assert.Equal("Email", code["properties"]!["email"]!["title"]!.GetValue<string>());
        Assert.Equal(@"^[^@]+@[^@]+\.[^@]+$", code["properties"]!["email"]!["pattern"]!.GetValue<string>());
        Assert.Equal("get_departments", code["properties"]!["department"]!["x-data-provider"]!.GetValue<string>());
        Assert.Equal("""["email"]""", code["required"]!.ToJsonString());
        Assert.Equal("get_departments", yaml["properties"]!["dept"]!["x-data-provider"]!.GetValue<string>());
        Assert.Equal("integer", yaml["properties"]!["count"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeployYaml_ParamNamingAnUnknownProvider_Is422()
    {
        using var client = factory.Client();

        using var response = await client.PostAsync("/api/v1/workflows", Api.Yaml("""
            name: bad_provider
            params:
              - { name: dept, type: select, data_provider: get_nope }
            nodes:
              - { id: a, type: log, with: { message: hi } }
            """));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("param 'dept' names data provider 'get_nope', which is not defined", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWorkspace_ServesTheBuildAndListsWhatItFound()
    {
        using var client = factory.Client();

        var status = await (await client.GetAsync("/api/v1/workspace")).ReadObjectAsync();

        Assert.True(status["healthy"]!.GetValue<bool>());
        Assert.Equal(64, status["serving_version"]!.GetValue<string>().Length);
        Assert.Equal("""["onboard_user"]""", status["workflows"]!.ToJsonString());
        Assert.Equal("[]", status["errors"]!.ToJsonString());
    }
}
