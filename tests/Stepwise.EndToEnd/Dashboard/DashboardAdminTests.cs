using System.Net;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Stepwise.EndToEnd.Dashboard;

/// <summary>
/// The admin pages (API keys, users, organizations, circuit breakers), the run form's data-provider select and the
/// query search box, in a real Chromium against the real server; every change is checked through the API too.
/// </summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task ApiKeysPage_CreateShowsTheKeyOnce_ItWorks_ThenRevokeRefusesIt()
    {
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);
        await page.GotoAsync(Base + "/admin/keys");

        await page.GetByLabel("Name").FillAsync("robot");
        await page.GetByLabel("Role").SelectOptionAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var field = page.GetByLabel("Key", new() { Exact = true });
        await Expect(field).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^sw_"));
        var key = await field.InputValueAsync();
        await session.ScreenshotAsync("admin_key_created");
        using (var withKey = KeyClient(key))
        {
            var me = JsonNode.Parse(await withKey.GetStringAsync("/api/v1/me"))!;
            Assert.Equal("viewer", me["role"]!.GetValue<string>());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(field).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke robot" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Key robot (");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke robot" })).ToHaveCountAsync(0);
        await CheckAxeAsync(page, "admin_keys");
        session.AssertClean();
        using (var revoked = KeyClient(key))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/v1/me")).StatusCode);
        }
    }

    [Fact]
    public async Task UsersPage_CreateSetRoleAndDisable_TheAccountFollows()
    {
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);
        await page.GotoAsync(Base + "/admin/users");

        await page.GetByLabel("Username").FillAsync("uma");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a-long-user-password");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("User uma created (viewer).");

        await page.GetByLabel("Role of uma").SelectOptionAsync("operator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set role of uma" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Set role" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("uma is now operator.");
        Assert.Equal("operator", (await LoginAsync("uma", "a-long-user-password"))!["role"]!.GetValue<string>());

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable uma" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "uma" })).ToContainTextAsync("disabled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable uma" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("admin_users");
        await CheckAxeAsync(page, "admin_users");
        session.AssertClean();
        Assert.Null(await LoginAsync("uma", "a-long-user-password"));
    }

    [Fact]
    public async Task OrganizationsPage_PlatformAdminCreatesAndDeactivates_ItsKeysAreRefused()
    {
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);
        await page.GotoAsync(Base + "/admin/organizations");

        await page.GetByLabel("Id").FillAsync("acme");
        await page.GetByLabel("Name").FillAsync("Acme Inc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "acme" })).ToContainTextAsync("Acme Inc");
        using (var acme = KeyClient(Support.ServerInstance.AdminKey))
        {
            acme.DefaultRequestHeaders.Add("X-Organization-Id", "acme");
            Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync("/api/v1/workflows")).StatusCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate acme" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "acme" })).ToContainTextAsync("inactive");
        await session.ScreenshotAsync("admin_organizations");
        await CheckAxeAsync(page, "admin_organizations");
        session.AssertClean();
        using (var inactive = KeyClient(Support.ServerInstance.AdminKey))
        {
            inactive.DefaultRequestHeaders.Add("X-Organization-Id", "acme");
            Assert.Equal(HttpStatusCode.Forbidden, (await inactive.GetAsync("/api/v1/workflows")).StatusCode);
        }
    }

    [Fact]
    public async Task BreakersPage_AFailingHostIsListed_AndResetClosesIt()
    {
        fixture.ServiceUp = false;
        await fixture.RunToEndAsync("flaky", new { url = fixture.ServiceUrl("breaker") });
        var host = new Uri(fixture.ServiceUrl("breaker")).Authority;
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);
        await page.GotoAsync(Base + "/admin/breakers");

        var row = page.GetByRole(AriaRole.Row, new() { Name = host });
        await Expect(row).ToBeVisibleAsync();
        await session.ScreenshotAsync("admin_breakers");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Reset {host}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reset breaker" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{host} closed on node");
        await Expect(row).ToContainTextAsync("0 / 5");
        await CheckAxeAsync(page, "admin_breakers");
        session.AssertClean();
    }

    [Fact]
    public async Task RunForm_DataProviderSelect_ReloadsWhenTheRegionChanges_AndTheRunSucceeds()
    {
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await page.GetByLabel("Username").FillAsync(DashboardFixture.OperatorName);
        await page.GetByLabel("Password").FillAsync(DashboardFixture.OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText($"{DashboardFixture.OperatorName} · operator")).ToBeVisibleAsync();
        await page.GotoAsync(Base + "/workflows/assign/run");

        var team = page.GetByLabel("team");
        await page.GetByLabel("region").SelectOptionAsync("amer");
        await Expect(team.Locator("option")).ToHaveTextAsync(["Austin", "Toronto"]);
        await page.GetByLabel("region").SelectOptionAsync("emea");
        await Expect(team.Locator("option")).ToHaveTextAsync(["Berlin", "Dublin"]);
        await team.SelectOptionAsync("dublin");
        await session.ScreenshotAsync("run_form_data_provider");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/executions/[0-9a-f-]{36}$"));
        await Expect(page.Locator(".head .status")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Live.TotalMilliseconds });
        session.AssertClean();

        var id = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath.Split('/')[^1]);
        using var client = fixture.Server.Client();
        var run = JsonNode.Parse(await client.GetStringAsync($"/api/v1/executions/{id}"))!;
        Assert.Equal("dublin", run["params"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task QuerySearch_FindsRuns_AndABadQueryShowsTheApiMessage()
    {
        var id = await fixture.RunToEndAsync("flaky", new { url = fixture.ServiceUrl("query") });
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);
        await page.GotoAsync(Base + "/executions");

        await page.GetByLabel("Query").FillAsync($"executions where id = '{id}'");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/executions\?q="));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 row of executions");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = id })).ToBeVisibleAsync();
        await session.ScreenshotAsync("executions_query");
        session.AssertClean();

        const string bad = "executions where status = ";
        using var client = fixture.Server.Client();
        using var answer = await client.GetAsync("/api/v1/query?q=" + Uri.EscapeDataString(bad));
        var message = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        await page.GetByLabel("Query").FillAsync(bad);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(message);
        session.AllowFailedRequest("/api/v1/query");
        session.AssertClean();

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear" }).ClickAsync();
        await Expect(page.GetByLabel("Status")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OAuthPage_AuthorizeButton_SendsTheBrowserToTheProviderWithAOneTimeState()
    {
        var authorizeUrl = fixture.ServiceUrl("oauth/authorize");
        using (var client = fixture.Server.Client())
        {
            using var content = new StringContent(
                new JsonObject
                {
                    ["name"] = "crm", ["client_id"] = "dash-client", ["client_secret"] = "s3cret-value",
                    ["token_url"] = fixture.ServiceUrl("oauth/token"), ["authorize_url"] = authorizeUrl,
                }.ToJsonString(),
                System.Text.Encoding.UTF8,
                "application/json");
            using var created = await client.PostAsync("/api/v1/oauth/connections", content);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await page.GotoAsync(Base + "/signin");
        await SignInWithKeyAsync(page, Support.ServerInstance.AdminKey);
        await page.GotoAsync(Base + "/admin/oauth");
        await CheckAxeAsync(page, "admin_oauth");
        session.AssertClean();

        // The test follows the dashboard's side of the flow: the browser's request to the provider is what the
        // dashboard decides, and the provider's page is a plain stand-in. (Left to the stand-in service's 503, Chromium
        // sometimes replaced the page with its own error page, whose URL is not the provider's: CI saw the wait for
        // that URL time out.)
        await page.RouteAsync(
            url => url.StartsWith(authorizeUrl, StringComparison.Ordinal),
            route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<title>provider</title>" }));
        var request = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Authorize crm" }).ClickAsync(),
            request => request.Url.StartsWith(authorizeUrl, StringComparison.Ordinal) && request.IsNavigationRequest);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(request.Url).Query);
        Assert.Equal(("code", "dash-client"), (query["response_type"], query["client_id"]));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        await page.WaitForURLAsync(url => url.StartsWith(authorizeUrl, StringComparison.Ordinal));
        session.AssertClean();
        using var check = fixture.Server.Client();
        var connection = JsonNode.Parse(await check.GetStringAsync("/api/v1/oauth/connections/crm"))!;
        Assert.Equal("pending", connection["status"]!.GetValue<string>());
    }

    private HttpClient KeyClient(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Base) };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    /// <summary>The login's answer, or null when it is refused.</summary>
    private async Task<JsonNode?> LoginAsync(string username, string password)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Base) };
        using var content = new StringContent(
            new JsonObject { ["username"] = username, ["password"] = password }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/auth/login", content);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    private static async Task CheckAxeAsync(IPage page, string name)
    {
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, $"{name}: axe found\n" + string.Join("\n", serious));
    }
}
