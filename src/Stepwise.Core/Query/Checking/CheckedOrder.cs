namespace Stepwise.Core.Query.Checking;

internal sealed record CheckedOrder(CheckedField Field, bool Descending);
