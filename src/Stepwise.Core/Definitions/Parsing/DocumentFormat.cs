namespace Stepwise.Core.Definitions.Parsing;

public enum DocumentFormat
{
    Yaml,
    Json,
}
