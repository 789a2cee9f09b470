using Stepwise.Core.Storage;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Records;

/// <summary>The record after a process request, or why it could not be processed.</summary>
internal sealed record ProcessOutcome(StoredRecord? Record, ErrorResult? Error);
