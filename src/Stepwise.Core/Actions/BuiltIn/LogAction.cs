using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary><c>log</c>: writes one line to the execution's log.</summary>
internal sealed class LogAction : IAction, IInMemoryAction
{
    public string Name => "log";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("message", DataType.String, Required: true, Description: "The line to write."),
        new("level", DataType.String, Description: "debug, info (default), warning or error."),
        new("data", DataType.Any, Description: "Structured data stored with the line."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => DataType.Null;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        if (!InputReader.TryGetString(context.Inputs, "message", required: true, out var message, out var error)
            || !InputReader.TryGetString(context.Inputs, "level", required: false, out var levelText, out error))
        {
            return ValueTask.FromResult(InputReader.Invalid(error));
        }

        if (!TryParseLevel(levelText ?? "info", out var level))
        {
            return ValueTask.FromResult(InputReader.Invalid(
                $"input 'level' must be one of debug, info, warning, error, got '{levelText}'"));
        }

        context.Inputs.TryGetPropertyValue("data", out var data);
        context.Log.Write(level, message!, data?.DeepClone());
        return ValueTask.FromResult(ActionResult.Success(null));
    }

    private static bool TryParseLevel(string text, out ExecutionLogLevel level)
    {
        switch (text.ToUpperInvariant())
        {
            case "DEBUG":
                level = ExecutionLogLevel.Debug;
                return true;
            case "INFO":
                level = ExecutionLogLevel.Info;
                return true;
            case "WARNING" or "WARN":
                level = ExecutionLogLevel.Warning;
                return true;
            case "ERROR":
                level = ExecutionLogLevel.Error;
                return true;
            default:
                level = ExecutionLogLevel.Info;
                return false;
        }
    }
}
