using System.Security.Cryptography;

namespace Stepwise.Core.Storage;

/// <summary>
/// The random part of generated ids (runs, records, audit entries): cryptographically strong bytes handed out from
/// a block of 256 per thread, filled at once. Each <see cref="RandomNumberGenerator.Fill"/> call goes through
/// OpenSSL, which checks the process id with a system call every time; a busy server makes two ids per webhook run.
/// Only for ids, which are not secrets: keys, tokens and nonces take their bytes from the generator directly.
/// </summary>
public static class IdRandomness
{
    private const int BlockSize = 256;

    [ThreadStatic]
    private static byte[]? _block;

    [ThreadStatic]
    private static int _used;

    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var block = _block;
        if (block is null || _used + destination.Length > BlockSize)
        {
            block = _block ??= new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            _used = 0;
        }

        block.AsSpan(_used, destination.Length).CopyTo(destination);
        _used += destination.Length;
    }
}
