namespace Stepwise.Storage.Migrations;

/// <summary>The SQL of one migration for one dialect: <see cref="Up"/> applies it, <see cref="Down"/> reverts it.</summary>
internal sealed record MigrationScript(string Up, string Down);
