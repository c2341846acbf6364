using System.Text;
using System.Text.Encodings.Web;

namespace EsCni.Plugin.Cni;

/// <summary>
/// The CNI result's string escaping: only what JSON requires — <c>"</c>, <c>\</c> and control characters — as
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> does; other text of the Basic Multilingual Plane is
/// written as is, and characters beyond it as two <c>\uXXXX</c> surrogates, also as that encoder does.
/// </summary>
/// <remarks>
/// Why not UnsafeRelaxedJsonEscaping itself: its first use builds an allow-list bitmap over all of Unicode, ~0.1 ms
/// of every ADD in a process that writes one small object and exits (docs/benchmarks.md "Plugin start-up, fourth
/// look"). CniResultJsonTests holds the two to the same bytes. U+2028/U+2029 are escaped as well, as JavaScript
/// parsers older than ES2019 end a string at them.
/// </remarks>
internal sealed class CniJsonEscaping : JavaScriptEncoder
{
    public static CniJsonEscaping Instance { get; } = new();

    private CniJsonEscaping()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 12; // \uXXXX\uXXXX, a surrogate pair

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is < 0x20 or '"' or '\\' or (>= 0x7F and <= 0x9F) or 0x2028 or 0x2029 or (>= 0xD800 and <= 0xDFFF) or > 0xFFFF;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (int i = 0; i < textLength; i++)
        {
            if (WillEncode(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        if (!WillEncode(unicodeScalar))
        {
            // Called for every scalar of a string that needs escaping somewhere; the others are copied through.
            return new Rune(unicodeScalar).TryEncodeToUtf16(output, out numberOfCharactersWritten);
        }

        char shortForm = unicodeScalar switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\t' => 't',
            '\n' => 'n',
            '\f' => 'f',
            '\r' => 'r',
            _ => '\0',
        };
        string escaped = shortForm != '\0' ? $"\\{shortForm}"
            : unicodeScalar > 0xFFFF ? Surrogates(new Rune(unicodeScalar))
            : $"\\u{unicodeScalar:X4}";
        numberOfCharactersWritten = escaped.Length <= output.Length ? escaped.Length : 0;
        return escaped.AsSpan().TryCopyTo(output);
    }

    private static string Surrogates(Rune scalar)
    {
        Span<char> pair = stackalloc char[2];
        scalar.EncodeToUtf16(pair);
        return $"\\u{(int)pair[0]:X4}\\u{(int)pair[1]:X4}";
    }
}
