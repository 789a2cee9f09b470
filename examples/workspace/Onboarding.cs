using Stepwise.Sdk;

/// <summary>Onboarding: an email param with a pattern, a department from a data provider, config, a secret, an HTTP
/// step, a child workflow and a durable delay.</summary>
public static class Onboarding
{
    [Workflow("onboard_user", Description = "Creates an account and greets the user", TimeoutSeconds = 60)]
    public static async Task<OnboardResult> RunAsync(
        IWorkflowContext context,
        [Param(Label = "Email", Required = true, Pattern = @"^[^@]+@[^@]+\.[^@]+$")] string email,
        [Param(Label = "Department", DataProvider = "get_departments")] string department = "eng")
    {
        var accounts = context.TryGetConfig("accounts_url", out var url) ? url : "http://127.0.0.1:8081/accounts";
        var status = await context.StepAsync("create_account", async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, accounts);
            if (context.HasConfig("accounts_token_secret"))
            {
                request.Headers.Add("Authorization", "Bearer " + await context.GetSecretAsync(context.GetConfig("accounts_token_secret")));
            }

            using var response = await context.Http.SendAsync(request, ct);
            return (int)response.StatusCode;
        }, retry: new StepRetry(3, TimeSpan.FromSeconds(1)));
        await context.DelayAsync(TimeSpan.FromSeconds(2));
        var greeting = await context.ExecuteWorkflowAsync<string>("greet_user", new { email, department });
        context.Log("info", "onboarded", new { email, status });
        return new OnboardResult(status, greeting);
    }

    [Workflow("greet_user", Description = "Writes the welcome message")]
    public static Task<string> GreetAsync(IWorkflowContext context, string email, string department) =>
        context.StepAsync("greet", ct => Task.FromResult($"welcome {email} to {department}"));

    [DataProvider("get_departments", Description = "Departments to choose from")]
    public static Task<IReadOnlyList<Option>> Departments(IWorkflowContext context) =>
        Task.FromResult<IReadOnlyList<Option>>([new("Engineering", "eng"), new("Sales", "sales")]);
}

public sealed record OnboardResult(int Status, string Greeting);
