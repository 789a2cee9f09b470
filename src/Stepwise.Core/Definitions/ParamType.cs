namespace Stepwise.Core.Definitions;

public enum ParamType
{
    String,
    Int,
    Number,
    Bool,
    Email,
    Date,
    DateTime,
    Select,
    Json,
    Array,
    Object,
}
