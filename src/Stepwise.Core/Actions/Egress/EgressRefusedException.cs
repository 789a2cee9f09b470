namespace Stepwise.Core.Actions.Egress;

/// <summary>An outbound connection the egress policy refused; the message names the rule.</summary>
public sealed class EgressRefusedException(string message) : System.Net.Http.HttpRequestException(message);
