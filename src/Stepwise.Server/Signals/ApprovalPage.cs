using System.Net;
using Stepwise.Core.Signals;

namespace Stepwise.Server.Signals;

/// <summary>
/// The small pages of approval links. Opening a link only shows a form: mail scanners that fetch links must not
/// approve anything, so the decision is a POST.
/// </summary>
internal static class ApprovalPage
{
    public static string Confirm(SignalWait wait, string decision, string token)
    {
        var verb = decision == "approve" ? "Approve" : "Reject";
        var message = wait.Details?["message"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? $"<p>{Encode(wait.Details["message"]!.GetValue<string>())}</p>"
            : string.Empty;
        return Page(
            $"{verb} '{wait.Name}'?",
            $"""
            <p>Workflow <b>{Encode(wait.Workflow)}</b>, run <code>{Encode(wait.ExecutionId)}</code>.</p>
            {message}
            <form method="post" action="?token={Uri.EscapeDataString(token)}">
              <label>Comment <input name="comment" maxlength="2000"></label>
              <button type="submit">{verb}</button>
            </form>
            """);
    }

    public static string Done(SignalWait wait, string decision) =>
        Page(decision == "approve" ? "Approved" : "Rejected", $"<p>Thank you: '{Encode(wait.Name)}' of run <code>{Encode(wait.ExecutionId)}</code> is {(decision == "approve" ? "approved" : "rejected")}.</p>");

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{Encode(title)} - Stepwise</title></head>
        <body><h1>{Encode(title)}</h1>
        {body}
        </body></html>
        """;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
