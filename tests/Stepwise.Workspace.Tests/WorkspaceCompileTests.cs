using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Workspace.Tests.Support;

namespace Stepwise.Workspace.Tests;

/// <summary>Compiling and discovering a workspace: the contract file, and every kind of mistake with its location.</summary>
public sealed class WorkspaceCompileTests
{
    [Fact]
    public void Compile_ContractOfTheIssue_DiscoversTheWorkflowItsParamsAndTheProvider()
    {
        var result = Workspaces.Compile(("Onboarding.cs", Workspaces.Contract));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var version = WorkspaceVersion.Load(result);
        var workflow = version.Workflows["onboard_user"];
        Assert.Equal("Creates an account and greets the user", workflow.Description);
        Assert.Equal(TimeSpan.FromSeconds(60), workflow.Timeout);
        Assert.NotNull(workflow.Code);
        var email = workflow.Params[0];
        Assert.Equal(("email", ParamType.String, "Email", true, @"^[^@]+@[^@]+\.[^@]+$"), (email.Name, email.Type, email.Label, email.Required, email.Pattern));
        var department = workflow.Params[1];
        Assert.Equal(("department", "Department", false, "get_departments"), (department.Name, department.Label, department.Required, department.DataProvider));
        Assert.Equal("eng", department.Default!.GetValue<string>());
        Assert.Equal(["get_departments"], version.DataProviders.Keys);
    }

    [Fact]
    public void FormSchema_ContractWorkflow_IsJsonSchemaWithLabelsPatternDefaultAndProvider()
    {
        var version = WorkspaceVersion.Load(Workspaces.Compile(("Onboarding.cs", Workspaces.Contract)));

        var schema = FormSchema.For(version.Workflows["onboard_user"]);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(
            """{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"onboard_user","description":"Creates an account and greets the user","type":"object","properties":{"email":{"type":"string","title":"Email","pattern":"^[^@]+@[^@]+\\.[^@]+$"},"department":{"type":"string","title":"Department","default":"eng","x-data-provider":"get_departments"}},"required":["email"],"additionalProperties":false}"""),
            schema), schema.ToJsonString());
    }

    [Fact]
    public async Task DataProvider_Invoke_ReturnsItsOptions()
    {
        var version = WorkspaceVersion.Load(Workspaces.Compile(("Onboarding.cs", Workspaces.Contract)));
        var context = new ProviderContext("default", "Default", null, null, new HttpClient(), (_, _) => { }, null, CancellationToken.None);

        var options = await version.DataProviders["get_departments"].InvokeAsync(context, new Dictionary<string, string?>());

        Assert.Equal("""[{"label":"Engineering","value":"eng"},{"label":"Sales","value":"sales"}]""", DataProvider.ToJson(options).ToJsonString());
    }

    [Fact]
    public void Compile_SyntaxError_ReportsFileLineColumnAndTheCompilersMessage()
    {
        var result = Workspaces.Compile(("flows/Broken.cs", "public static class A\n{\n    public static int F() => 1\n}\n"));

        Assert.Equal(["flows/Broken.cs:3:31: error CS1002: ; expected"], result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("public static async void RunAsync(IWorkflowContext context) { await Task.Yield(); }",
        "[Workflow] method RunAsync must return Task or Task<T>; async void cannot be awaited, so the engine could not wait for it or replay its steps")]
    [InlineData("public static Task<int> RunAsync(string name) => Task.FromResult(1);",
        "[Workflow] method RunAsync must take IWorkflowContext as its first parameter")]
    [InlineData("public async Task<int> RunAsync(IWorkflowContext context) { await Task.Yield(); return 1; }",
        "[Workflow] method RunAsync must be static")]
    [InlineData("public static int RunAsync(IWorkflowContext context) => 1;",
        "[Workflow] method RunAsync must return Task or Task<T>, not int")]
    [InlineData("public static Task RunAsync(IWorkflowContext context, [Param(DataProvider = \"nope\")] string d) => Task.CompletedTask;",
        "Workflow 'w': param 'd' names data provider 'nope', which is not defined")]
    [InlineData("public static Task RunAsync(IWorkflowContext context, [Param(Pattern = \"[\")] string d) => Task.CompletedTask;",
        "Workflow 'w': param 'd' has an invalid Pattern: Invalid pattern '[' at offset 1. Unterminated [] set.")]
    [InlineData("public static Task RunAsync(IWorkflowContext context, IntPtr p) => Task.CompletedTask;",
        "Workflow 'w': param 'p' has type nint, which a param cannot have (use string, int, long, double, decimal, bool, DateTime, DateTimeOffset, DateOnly, an array or list, or a class or record)")]
    public void Compile_BadWorkflowMethod_ReportsWhatIsWrongWithItsLocation(string method, string message)
    {
        var source = $$"""
            using Stepwise.Sdk;

            public class Flows
            {
                [Workflow("w")]
                {{method}}
            }
            """;

        var result = Workspaces.Compile(("Flows.cs", source));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("Flows.cs", 6, "SW1002", message), (error.File, error.Line, error.Id, error.Message));
    }

    [Fact]
    public void Compile_TwoWorkflowsWithOneName_ReportsTheSecond()
    {
        const string source = """
            using Stepwise.Sdk;

            public static class Flows
            {
                [Workflow("same")]
                public static Task A(IWorkflowContext context) => Task.CompletedTask;

                [Workflow("same")]
                public static Task B(IWorkflowContext context) => Task.CompletedTask;
            }
            """;

        var result = Workspaces.Compile(("Flows.cs", source));

        Assert.Equal(["Flows.cs:9:24: error SW1002: Two [Workflow] methods are named 'same'"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Compile_MethodWithoutAttribute_IsNotAWorkflow()
    {
        const string source = """
            using Stepwise.Sdk;

            public static class Flows
            {
                public static Task<int> Helper(IWorkflowContext context) => Task.FromResult(1);
            }
            """;

        var result = Workspaces.Compile(("Flows.cs", source));

        Assert.True(result.Succeeded);
        Assert.Empty(WorkspaceVersion.Load(result).Workflows);
    }

    [Fact]
    public void Compile_TwoHundredFiles_BuildsEveryWorkflowWellUnderTheBudget()
    {
        _ = Workspaces.Compile(("Warm.cs", Workspaces.Contract));
        var files = Enumerable.Range(0, 200).Select(i => ($"flows/Flow{i}.cs", $$"""
            using Stepwise.Sdk;

            public static class Flow{{i}}
            {
                [Workflow("flow_{{i}}")]
                public static async Task<Result{{i}}> RunAsync(IWorkflowContext context, [Param(Required = true)] string name, int count = {{i}})
                {
                    var items = await context.StepAsync("load", ct => Task.FromResult(Enumerable.Range(0, count).ToList()));
                    await context.DelayAsync(TimeSpan.FromMilliseconds(1));
                    return new Result{{i}}(name, items.Sum());
                }
            }

            public sealed record Result{{i}}(string Name, int Total);
            """)).ToArray();

        var watch = Stopwatch.StartNew();
        var result = Workspaces.Compile(files);
        watch.Stop();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(5)));
        Assert.Equal(200, WorkspaceVersion.Load(result).Workflows.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"200 files took {watch.Elapsed}");
    }

    [Fact]
    public void Read_TooLargeFile_IsRefusedWithItsSize()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "Big.cs"), new string('/', WorkspaceSources.MaxFileBytes + 1));

        var error = Assert.Throws<WorkspaceException>(() => WorkspaceSources.Read(folder.Path));

        Assert.Equal($"Big.cs is {WorkspaceSources.MaxFileBytes + 1} bytes; workspace files may have at most {WorkspaceSources.MaxFileBytes}.", error.Message);
    }

    [Fact]
    public void Read_BinObjAndHiddenFolders_AreLeftOut()
    {
        using var folder = new TempFolder();
        foreach (var path in new[] { "A.cs", "sub/B.cs", "bin/C.cs", "obj/D.cs", ".git/E.cs" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder.Path, path))!);
            File.WriteAllText(Path.Combine(folder.Path, path), "// x");
        }

        Assert.Equal(["A.cs", "sub/B.cs"], WorkspaceSources.Read(folder.Path).Files.Select(f => f.Path));
    }

    [Fact]
    public void Param_NullableWithoutDefault_IsOptional()
    {
        const string source = """
            using Stepwise.Sdk;

            public static class Flows
            {
                [Workflow("w")]
                public static Task RunAsync(IWorkflowContext context, string? note, int? count, string name, [Param(Options = new[] { "a", "b" })] string pick = "a")
                    => Task.CompletedTask;
            }
            """;

        var workflow = WorkspaceVersion.Load(Workspaces.Compile(("Flows.cs", source))).Workflows["w"];

        Assert.Equal(
            [("note", ParamType.String, false), ("count", ParamType.Int, false), ("name", ParamType.String, true), ("pick", ParamType.Select, false)],
            workflow.Params.Select(p => (p.Name, p.Type, p.Required)));
        Assert.Equal(["a", "b"], workflow.Params[3].Options!);
        Assert.IsType<JsonNode>(workflow.Params[3].Default, exactMatch: false);
    }
}
