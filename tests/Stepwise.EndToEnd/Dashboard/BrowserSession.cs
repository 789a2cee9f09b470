using Microsoft.Playwright;

namespace Stepwise.EndToEnd.Dashboard;

/// <summary>
/// A fresh browser context (its own session storage) with one page, recording console errors and failed requests:
/// a request that fails, or answers 4xx/5xx, is a problem unless the test allowed it. A live event stream the page
/// closes itself (leaving the page) is aborted on purpose and is not one.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> problems = [];
    private readonly List<string> allowed = [];
    private readonly DashboardFixture fixture;

    private BrowserSession(DashboardFixture fixture, IBrowserContext context, IPage page)
    {
        this.fixture = fixture;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(DashboardFixture fixture)
    {
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var session = new BrowserSession(fixture, context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (session.problems)
                {
                    session.problems.Add($"console error: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (session.problems)
            {
                session.problems.Add($"page error: {error}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            var aborted = request.Failure?.Contains("ERR_ABORTED", StringComparison.Ordinal) == true;
            if (!(aborted && request.Url.EndsWith("/events", StringComparison.Ordinal) || aborted && request.Url.Contains("/events?", StringComparison.Ordinal)))
            {
                lock (session.problems)
                {
                    session.problems.Add($"request failed: {request.Method} {request.Url} {request.Failure}");
                }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (session.problems)
                {
                    session.problems.Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
                }
            }
        };
        return session;
    }

    public void AllowFailedRequest(string urlPart) => allowed.Add(urlPart);

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(fixture.Screenshots, name + ".png"), FullPage = true });

    public void AssertClean()
    {
        List<string> found;
        lock (problems)
        {
            found = [.. problems.Where(problem => !allowed.Any(part => problem.Contains(part, StringComparison.Ordinal)))];
            problems.Clear();
        }

        // A console error for an allowed failed request is the browser reporting that same response.
        found = [.. found.Where(problem => !(problem.StartsWith("console error: Failed to load resource", StringComparison.Ordinal) && allowed.Count > 0))];
        allowed.Clear();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
