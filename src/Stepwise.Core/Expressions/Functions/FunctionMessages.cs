namespace Stepwise.Core.Expressions.Functions;

/// <summary>Messages about how a function is called (shared by the checker and the compiler).</summary>
internal static class FunctionMessages
{
    public static string LambdaExpected(string function, int index) =>
        $"argument {index + 1} of '{function}' must be a lambda, e.g. {function}(items, x => x.name)";

    public static string LambdaNotAllowed(string function, int index) =>
        $"argument {index + 1} of '{function}' cannot be a lambda";

    public static string LambdaParameterCount(string function, int maximum, int actual) =>
        $"the lambda of '{function}' takes 1 to {maximum} parameters (item, index), got {actual}";
}
