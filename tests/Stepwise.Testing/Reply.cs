namespace Stepwise.Testing;

/// <summary>What a <see cref="LocalHttpServer"/> answers; a (status, body) tuple is a JSON answer.</summary>
public sealed record Reply(int Status, string Body = "", string? ContentType = null, string? Location = null)
{
    public static Reply Json(int status, string body) => new(status, body, "application/json");

    public static implicit operator Reply((int Status, string Body) answer) => Json(answer.Status, answer.Body);
}
