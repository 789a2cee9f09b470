using System.Globalization;

namespace Stepwise.Workspace;

/// <summary>
/// One problem of a workspace build: a compiler error, an import the rule refuses, or a workflow the engine cannot
/// use. Printed as <c>file:line:col: error CS1002: ; expected</c>, the shape editors and CI logs link.
/// </summary>
public sealed record WorkspaceDiagnostic(string File, int Line, int Column, string Id, string Message)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: error {Id}: {Message}");
}
