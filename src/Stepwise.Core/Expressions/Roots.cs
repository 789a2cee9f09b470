namespace Stepwise.Core.Expressions;

/// <summary>The names an expression starts from.</summary>
internal static class Roots
{
    public const string Params = "params";
    public const string Nodes = "nodes";
    public const string Item = "item";
    public const string Index = "index";
    public const string Execution = "execution";
    public const string Org = "org";
    public const string Config = "config";
    public const string Secrets = "secrets";
    public const string Trigger = "trigger";

    public static bool IsRoot(string name) =>
        name is Params or Nodes or Item or Index or Execution or Org or Config or Secrets or Trigger;

    /// <summary>Roots that only make sense with a member after them, because they cannot be listed.</summary>
    public static bool NeedsMember(string name) => name is Nodes or Secrets;
}
