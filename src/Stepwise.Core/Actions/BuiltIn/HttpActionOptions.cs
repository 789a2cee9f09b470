using System.ComponentModel.DataAnnotations;
using Stepwise.Core.Resilience;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>Settings of the built-in http action.</summary>
public sealed class HttpActionOptions
{
    /// <summary>The per-host circuit breakers.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Response bodies larger than this fail the attempt instead of being read into memory.</summary>
    [Range(1, int.MaxValue)]
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The request timeout when a node gives none.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
