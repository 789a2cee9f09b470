using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

internal static partial class FunctionLibrary
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static IEnumerable<FunctionDefinition> Encodings() =>
    [
        new()
        {
            Name = "uuid", MinArguments = 0, MaxArguments = 0, Signature = "uuid() -> string (a random v4 UUID)",
            Check = _ => DataType.String,
            Body = static (ref frame, _, _) => JsonValue.Create(Guid.NewGuid().ToString("D")),
        },
        StringToString("base64_encode", text => Convert.ToBase64String(Encoding.UTF8.GetBytes(text))),
        new()
        {
            Name = "base64_decode", MinArguments = 1, MaxArguments = 1, Signature = "base64_decode(string) -> string (UTF-8 text)",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                return DataType.String;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryString(ref frame, "base64_decode", args, 0, out var text))
                {
                    return null;
                }

                var buffer = new byte[text.Length];
                if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written))
                {
                    return frame.Fail("base64_decode: the text is not valid base64");
                }

                try
                {
                    return JsonValue.Create(StrictUtf8.GetString(buffer, 0, written));
                }
                catch (DecoderFallbackException)
                {
                    return frame.Fail("base64_decode: the decoded bytes are not UTF-8 text");
                }
            },
        },
        StringToString("sha256", text => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))),
    ];
}
