namespace Stepwise.Server.Dashboard;

/// <summary>One built file of the dashboard: its bytes, gzipped bytes when that saves space, type and ETag.</summary>
internal sealed record DashboardFile(byte[] Content, byte[]? Gzipped, string ContentType, string ETag, bool Immutable);
