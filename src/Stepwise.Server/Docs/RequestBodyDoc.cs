namespace Stepwise.Server.Docs;

/// <summary>
/// Endpoint metadata describing a request body the endpoint reads itself (through a BindAsync type), so the OpenAPI
/// document shows it without the routing's content-type filter answering 415 before the endpoint can explain.
/// </summary>
internal sealed record RequestBodyDoc(string Description, params string[] ContentTypes);
