using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stepwise.Server.Http;

/// <summary>
/// Writes a JSON body in one piece, with its <c>Content-Length</c>. A serializer streaming into the response makes
/// Kestrel send it chunked: the client cannot see its size, and the closing chunk costs a second send per response
/// (on a sync webhook, one system call in every ~25 the request makes).
/// </summary>
internal static class JsonResponse
{
    /// <summary>A body larger than this is not kept for the thread's next response.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    [ThreadStatic]
    private static JsonSerializerOptions? _writerOptions;

    public static Task WriteAsync<T>(HttpResponse response, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        CopyToBody(response, value, typeInfo);
        return response.BodyWriter.FlushAsync(cancellationToken).AsTask();
    }

    /// <summary>
    /// Serializes into the thread's buffer, sets the length, and copies the bytes into the response's pipe, so the
    /// buffer is free again before anything is awaited.
    /// </summary>
    private static void CopyToBody<T>(HttpResponse response, T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = WriterFor(typeInfo.Options, buffer);
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            response.ContentLength = buffer.WrittenCount;
            response.ContentType ??= "application/json; charset=utf-8";
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                _buffer = null;
                _writer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    /// <summary>The thread's writer, formatting as <paramref name="options"/> say (the serializer takes a writer's own).</summary>
    private static Utf8JsonWriter WriterFor(JsonSerializerOptions options, ArrayBufferWriter<byte> buffer)
    {
        if (_writer is { } kept && ReferenceEquals(_writerOptions, options))
        {
            kept.Reset(buffer);
            return kept;
        }

        var writerOptions = new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            MaxDepth = options.MaxDepth,
        };
        _writerOptions = options;
        return _writer = new Utf8JsonWriter(buffer, writerOptions);
    }
}
