namespace Stepwise.Workspace.Tests.Support;

/// <summary>Workspace sources for tests: the contract of issue 14 and compile helpers.</summary>
internal static class Workspaces
{
    public const string Contract = """
        using Stepwise.Sdk;

        public static class Onboarding
        {
            [Workflow("onboard_user", Description = "Creates an account and greets the user", TimeoutSeconds = 60)]
            public static async Task<OnboardResult> RunAsync(
                IWorkflowContext context,
                [Param(Label = "Email", Required = true, Pattern = @"^[^@]+@[^@]+\.[^@]+$")] string email,
                [Param(Label = "Department", DataProvider = "get_departments")] string department = "eng")
            {
                var status = await context.StepAsync("create_account", async ct =>
                {
                    using var response = await context.Http.PostAsync("http://127.0.0.1:8081/accounts", null, ct);
                    return (int)response.StatusCode;
                });
                await context.DelayAsync(TimeSpan.FromSeconds(2));
                var greeting = await context.StepAsync("greet", ct => Task.FromResult($"welcome {email} to {department}"));
                context.Log("info", "onboarded", new { email });
                return new OnboardResult(status, greeting);
            }

            [DataProvider("get_departments", Description = "Departments to choose from")]
            public static Task<IReadOnlyList<Option>> Departments(IWorkflowContext context) =>
                Task.FromResult<IReadOnlyList<Option>>([new("Engineering", "eng"), new("Sales", "sales")]);
        }

        public sealed record OnboardResult(int Status, string Greeting);
        """;

    public static CompileResult Compile(params (string Path, string Text)[] files) =>
        WorkspaceCompiler.Compile(
            WorkspaceSources.FromFiles(files.Select(f => new WorkspaceFile(f.Path, f.Text))), new HashSet<string>());

    /// <summary>A workflow file whose body is <paramref name="body"/>, inside an async method with a context.</summary>
    public static string Body(string body, string usings = "") => $$"""
        {{usings}}
        using Stepwise.Sdk;

        public static class Flow
        {
            [Workflow("flow")]
            public static async Task<string> RunAsync(IWorkflowContext context)
            {
                await Task.Yield();
                {{body}}
                return "done";
            }
        }
        """;
}
