using System.Buffers.Binary;

namespace Stepwise.Core.Storage;

/// <summary>
/// Ids of runs and records: UUID version 7 (RFC 9562), whose first 48 bits are the creation time in milliseconds,
/// made monotonic within this process (RFC 9562 section 6.2, method 3: an id made in the same millisecond as the
/// previous one, or with a clock that stepped back, is the previous one plus one in its random bits). Lists order by
/// creation time and then id, so two records created in one millisecond list in the order they were created, which
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> alone (random bits after the time) does not promise.
/// </summary>
public static class SortableIds
{
    private const int RandomBits = 74; // 12 bits of rand_a and 62 of rand_b, counted as one number under the time
    private static readonly UInt128 RandomMask = (UInt128.One << RandomBits) - 1;
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    /// <summary>A new id for something created at <paramref name="now"/>, greater than every id made before it here.</summary>
    public static string Next(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        IdRandomness.Fill(bytes);
        var milliseconds = (ulong)Math.Max(0, now.ToUnixTimeMilliseconds()) & 0xFFFF_FFFF_FFFF;
        var value = ((UInt128)milliseconds << RandomBits) | (BinaryPrimitives.ReadUInt128BigEndian(bytes) & RandomMask);
        lock (Gate)
        {
            // One more than the previous id carries from rand_b into rand_a and then into the time, as the method allows.
            _last = value > _last ? value : _last + 1;
            value = _last;
        }

        // The layout: 48 bits of time, version 7, 12 bits of rand_a, variant 10, 62 bits of rand_b.
        var time = (ulong)(value >> RandomBits);
        var randA = (ulong)(value >> 62) & 0xFFF;
        var randB = (ulong)value & 0x3FFF_FFFF_FFFF_FFFF;
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (time << 16) | 0x7000UL | randA);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000UL | randB);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
