using System.Globalization;

namespace Stepwise.Cli.Commands;

/// <summary>
/// A schema version as <c>db upgrade</c> and <c>db downgrade</c> take it, in alembic's words: a number,
/// <c>head</c> (the newest this build knows), <c>base</c> (empty, 0), or a step relative to the current version
/// (<c>+1</c>, <c>-1</c>).
/// </summary>
internal readonly record struct DbTarget(int Value, bool IsRelative)
{
    public const string Syntax = "a version number, head, base, or a relative step such as -1 or +1";

    public static bool TryParse(string text, out DbTarget target, out string error)
    {
        target = default;
        error = string.Empty;
        var value = text.Trim();
        switch (value.ToLowerInvariant())
        {
            case "head":
                target = new DbTarget(int.MaxValue, IsRelative: false);
                return true;
            case "base":
                target = new DbTarget(0, IsRelative: false);
                return true;
        }

        var relative = value.StartsWith('-') || value.StartsWith('+');
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && (relative ? number != 0 : number >= 0))
        {
            target = new DbTarget(number, relative);
            return true;
        }

        error = $"'{text}' is not a schema version: use {Syntax}.";
        return false;
    }

    /// <summary>
    /// The absolute version, given where the database is and the versions this build knows (ascending, from 0): a
    /// relative step counts known versions, since a build may lack numbers reserved by other changes. A step past
    /// either end gives a version below 0 or above the newest, for the caller to reject.
    /// </summary>
    public int Resolve(int current, IReadOnlyList<int> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var head = known[^1];
        if (!IsRelative)
        {
            return Value == int.MaxValue ? head : Value;
        }

        var index = 0;
        while (index < known.Count - 1 && known[index] < current)
        {
            index++;
        }

        var to = index + Value;
        return to < 0 ? current + Value : to >= known.Count ? head + (to - known.Count + 1) : known[to];
    }
}
