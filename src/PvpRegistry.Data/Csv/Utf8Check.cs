using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PvpRegistry.Data.Csv;

/// <summary>
/// The first byte of a CSV file that is not UTF-8: its line (1 = the header), the field it falls in (0-based) and that
/// field's header name (null past the header's last column).
/// </summary>
public sealed record InvalidUtf8(long Line, int Field, string? Column, byte Value)
{
    /// <summary>"column 'name'", or "field N" past the header.</summary>
    public string Where => Column is null ? $"field {Field + 1}" : $"column '{Column}'";

    public string Message => $"byte 0x{Value:X2} is not UTF-8 (Latin-1 or Windows-1252 text?). Save the file as UTF-8 and run again.";
}

/// <summary>
/// The one check that a CSV file is UTF-8 (or ASCII), for every reader of CSV files (the study import and the
/// analyses): a Latin-1 or Windows-1252 byte is refused with its line and column, never read as U+FFFD.
/// </summary>
public static class Utf8Check
{
    /// <summary>
    /// The first byte that is not UTF-8, or null when the whole stream is UTF-8. Reads the stream from its start and
    /// leaves it at its start (it must be seekable).
    /// </summary>
    public static InvalidUtf8? FindInvalid(Stream stream)
    {
        stream.Position = 0;
        var buffer = new byte[1 << 16];
        var chars = new char[buffer.Length];
        long offset = 0;
        int carried = 0;
        try
        {
            while (true)
            {
                int read = stream.Read(buffer, carried, buffer.Length - carried);
                int length = carried + read;
                bool final = read == 0;
                if (length == 0) return null;
                var status = Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out int consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                if (status == OperationStatus.InvalidData) return Describe(stream, offset + consumed);
                if (final) return null;
                offset += consumed;
                carried = length - consumed;
                Array.Copy(buffer, consumed, buffer, 0, carried);
            }
        }
        finally
        {
            stream.Position = 0;
        }
    }

    /// <summary>Refuses a stream that is not UTF-8: "'source' line L, column 'c': byte 0xNN is not UTF-8 ...".</summary>
    public static void Check(Stream stream, string source)
    {
        if (FindInvalid(stream) is { } bad)
            throw new InvalidDataException($"'{source}' line {bad.Line}, {bad.Where}: {bad.Message}");
    }

    private static InvalidUtf8 Describe(Stream stream, long bad)
    {
        stream.Position = 0;
        var (line, column) = LineAndColumn(stream, bad);
        stream.Position = 0;
        var names = FirstLine(stream).Split(',');
        string? name = column < names.Length ? names[column].Trim().Trim('"') : null;
        stream.Position = bad;
        return new InvalidUtf8(line, column, name, (byte)stream.ReadByte());
    }

    /// <summary>The 1-based line and 0-based field of a byte offset, quotes respected.</summary>
    private static (long Line, int Column) LineAndColumn(Stream stream, long offset)
    {
        long line = 1;
        int column = 0;
        bool quoted = false;
        for (long i = 0; i < offset; i++)
        {
            int b = stream.ReadByte();
            if (b == '"') quoted = !quoted;
            else if (!quoted && b == ',') column++;
            else if (!quoted && b == '\n') { line++; column = 0; }
        }
        return (line, column);
    }

    private static string FirstLine(Stream stream)
    {
        var bytes = new List<byte>();
        for (int b = stream.ReadByte(); b >= 0 && b != '\n'; b = stream.ReadByte()) bytes.Add((byte)b);
        return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r').TrimStart('\uFEFF');
    }
}
