using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Stepwise.EndToEnd.Dashboard;

/// <summary>
/// The dashboard in a real Chromium against a real <c>stepwise serve</c>: every page loads without a console error or
/// a failed request and passes axe (no serious or critical violation); sign-in with a password and with a key; the
/// run form shows the API's message and then follows the run live; a failed run retried from a node chosen in the
/// graph; a viewer sees no write button and a forced write is refused.
/// </summary>
public sealed partial class DashboardTests : IClassFixture<DashboardFixture>
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(30);

    private readonly DashboardFixture fixture;

    public DashboardTests(DashboardFixture fixture) => this.fixture = fixture;

    private string Base => fixture.Server.BaseUrl;

    [Fact]
    public async Task EveryPage_AsAdmin_LoadsWithoutErrorsAndPassesAxe()
    {
        var failedRun = await fixture.RunToEndAsync("flaky", new { url = fixture.ServiceUrl("tour") });
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await CheckPageAsync(session, "signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);

        string[] pages =
        [
            "/executions", "/workflows", "/workflows/signup", "/workflows/signup/source", "/workflows/signup/versions",
            "/workflows/signup/triggers", "/workflows/signup/run", "/executions/" + Uri.EscapeDataString(failedRun),
            "/admin/schedules", "/admin/queue", "/admin/secrets", "/admin/config", "/admin/oauth", "/admin/audit",
            "/admin/organizations", "/admin/keys", "/admin/users", "/admin/breakers", "/workflows/assign/run",
            "/executions?q=" + Uri.EscapeDataString("executions where workflow = 'flaky' limit 5"),
        ];
        foreach (var path in pages)
        {
            await page.GotoAsync(Base + path);
            await CheckPageAsync(session, path.Split('?')[0].Trim('/').Replace('/', '_') + (path.Contains('?', StringComparison.Ordinal) ? "_query" : ""));
        }

        // The phone width and the dark scheme, on the busiest page.
        await page.SetViewportSizeAsync(390, 844);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync(Base + "/executions/" + Uri.EscapeDataString(failedRun));
        await CheckPageAsync(session, "execution_phone_dark");
    }

    [Fact]
    public async Task RunForm_WrongEmailThenFixed_ShowsTheApiMessageThenFollowsTheRunToSucceeded()
    {
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await page.GetByLabel("Username").FillAsync(DashboardFixture.OperatorName);
        await page.GetByLabel("Password").FillAsync(DashboardFixture.OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText($"{DashboardFixture.OperatorName} · operator")).ToBeVisibleAsync();

        await page.GotoAsync(Base + "/workflows/signup/run");
        await page.GetByLabel("email").FillAsync("not-an-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        await Expect(page.Locator("#param-email-error"))
            .ToHaveTextAsync("Parameter 'email' validation failed: Invalid email format");
        await Expect(page.GetByLabel("email")).ToHaveAttributeAsync("aria-invalid", "true");
        await session.ScreenshotAsync("run_form_invalid");

        // The API's 422 is the answer the form shows, not a fault.
        session.AllowFailedRequest("/api/v1/workflows/signup/executions");
        session.AssertClean();

        await page.GetByLabel("email").FillAsync("ada@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/executions/[0-9a-f-]{36}$"));
        await Expect(page.Locator(".head .status")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Live.TotalMilliseconds });
        await Expect(page.Locator(".svelte-flow__node[data-id='welcome'] .status")).ToHaveTextAsync("succeeded");
        await session.ScreenshotAsync("run_succeeded");
        session.AssertClean();
    }

    [Fact]
    public async Task FailedRun_RetriedFromANodeChosenInTheGraph_Succeeds()
    {
        fixture.ServiceUp = false;
        var id = await fixture.RunToEndAsync("flaky", new { url = fixture.ServiceUrl("charge") });
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);
        await page.GotoAsync(Base + "/executions/" + Uri.EscapeDataString(id));
        await Expect(page.Locator(".head .status")).ToHaveTextAsync("failed");
        var charge = page.Locator(".svelte-flow__node[data-id='charge']");
        await Expect(charge.Locator(".status")).ToHaveTextAsync("failed");
        await Expect(page.Locator(".svelte-flow__node[data-id='receipt'] .status")).ToHaveTextAsync("pending");

        await charge.ClickAsync();
        await Expect(page.GetByLabel("Retry from node")).ToHaveValueAsync("charge");
        await session.ScreenshotAsync("retry_from_node_chosen");
        fixture.ServiceUp = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry from charge" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Retry from node" }).ClickAsync();
        await Expect(page.Locator(".head .status")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Live.TotalMilliseconds });
        await Expect(page.Locator(".svelte-flow__node[data-id='receipt'] .status")).ToHaveTextAsync("succeeded");
        await session.ScreenshotAsync("retry_from_node_succeeded");
        session.AssertClean();

        using var client = fixture.Server.Client();
        var run = JsonNode.Parse(await client.GetStringAsync($"/api/v1/executions/{id}"))!;
        var prepare = run["steps"]!.AsArray().Single(step => step!["step_id"]!.GetValue<string>() == "prepare")!;
        Assert.Equal(1, prepare["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Viewer_SeesNoWriteButton_AndAForcedWriteIsRefused()
    {
        var id = await fixture.RunToEndAsync("flaky", new { url = fixture.ServiceUrl("viewer") });
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, fixture.ViewerKey);
        await Expect(page.GetByText("API key · viewer")).ToBeVisibleAsync();

        await page.GotoAsync(Base + "/workflows");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "signup" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Run", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync(Base + "/workflows/signup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "signup" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Start a run" })).ToHaveCountAsync(0);
        await page.GotoAsync(Base + "/executions/" + Uri.EscapeDataString(id));
        await Expect(page.Locator(".head .status")).ToHaveTextAsync("failed");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Run actions" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Queue" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToHaveCountAsync(0);
        await session.ScreenshotAsync("viewer_execution");
        await page.GotoAsync(Base + "/admin/users");
        await Expect(page.GetByText("This page needs the admin role; yours is viewer.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create user" })).ToHaveCountAsync(0);

        // The buttons are only hidden: the server refuses the write itself.
        var status = await page.EvaluateAsync<int>(
            """
            async (id) => {
              const key = JSON.parse(sessionStorage.getItem('stepwise.session')).key;
              const response = await fetch(`/api/v1/executions/${encodeURIComponent(id)}/retry`, { method: 'POST', headers: { 'X-API-Key': key } });
              return response.status;
            }
            """,
            id);
        Assert.Equal(403, status);
        var keyStatus = await page.EvaluateAsync<int>(
            """
            async () => {
              const key = JSON.parse(sessionStorage.getItem('stepwise.session')).key;
              const response = await fetch('/api/v1/api-keys', { method: 'POST', headers: { 'X-API-Key': key, 'Content-Type': 'application/json' }, body: '{"role":"admin"}' });
              return response.status;
            }
            """);
        Assert.Equal(403, keyStatus);
        session.AllowFailedRequest("/retry");
        session.AllowFailedRequest("/api/v1/api-keys");
        session.AssertClean();
    }

    private static async Task SignInWithKeyAsync(IPage page, string key)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "API key" }).ClickAsync();
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    private static async Task CheckPageAsync(BrowserSession session, string name)
    {
        var page = session.Page;
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await Expect(page.GetByText("Loading…")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Loading the graph…")).ToHaveCountAsync(0);
        await session.ScreenshotAsync(name);
        await CheckAxeAsync(page, name);
        session.AssertClean();
    }
}
