using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Stepwise.Storage;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// This machine's clock against PostgreSQL's (<c>select now()</c>), half the round trip allowed for. Nodes sharing
/// one database compare lease expiries and schedule ticks written by each other: a node whose clock is off
/// steals leases early or fires schedules late.
/// </summary>
internal sealed class ClockSkewCheck : IDoctorCheck
{
    public const string Name = "clock skew";

    public static readonly TimeSpan WarnAbove = TimeSpan.FromSeconds(2);

    /// <summary>Half the default lease (30 s): beyond it another node takes over runs this one still holds.</summary>
    public static readonly TimeSpan FailAbove = TimeSpan.FromSeconds(15);

    private const string Fix = "synchronise the clocks of this machine and the database server (chrony or systemd-timesyncd: timedatectl status)";

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return [DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)")];
        }

        if (node.Options.Database.Kind != DatabaseKind.Postgres)
        {
            return [DoctorFinding.Skip(Name, "SQLite: one machine, one clock")];
        }

        TimeSpan skew;
        try
        {
            skew = await PostgresProbe.QueryAsync(node.Options.Database.ConnectionString, async connection =>
            {
                var started = Stopwatch.GetTimestamp();
                var before = context.Time.GetUtcNow();
                var answer = await PostgresProbe.ScalarAsync(connection, "select now()", cancellationToken);
                var database = answer is DateTime time ? time : throw new InvalidCastException($"now() answered {answer}");
                var roundTrip = Stopwatch.GetElapsedTime(started);
                return new DateTimeOffset(database.ToUniversalTime(), TimeSpan.Zero) - (before + (roundTrip / 2));
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidCastException or TimeoutException)
        {
            return [DoctorFinding.Skip(Name, $"cannot ask PostgreSQL for its time: {exception.Message}")];
        }

        var text = $"PostgreSQL's clock is {Describe(skew)} this machine's";
        var size = skew.Duration();
        return size > FailAbove ? [DoctorFinding.Fail(Name, text, Fix)]
            : size > WarnAbove ? [DoctorFinding.Warn(Name, text, Fix)]
            : [DoctorFinding.Ok(Name, text)];
    }

    private static string Describe(TimeSpan skew)
    {
        var seconds = Math.Abs(skew.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
        return skew >= TimeSpan.Zero ? $"{seconds} s ahead of" : $"{seconds} s behind";
    }
}
