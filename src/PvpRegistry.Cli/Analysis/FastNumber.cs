using System.Globalization;
using System.Runtime.CompilerServices;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// Parses the decimal numbers R's write.csv produces (at most 15 significant digits) without going
/// through the general parser: mantissa and power of ten are both exact doubles, so one multiplication
/// or division gives the correctly rounded value (Clinger's fast path), identical to double.Parse.
/// Anything else falls back to double.TryParse.
/// </summary>
internal static class FastNumber
{
    private static readonly double[] Powers =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        int i = 0, n = s.Length;
        bool negative = false;
        if (n > 0 && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; i = 1; }
        ulong mantissa = 0;
        int digits = 0, scale = 0;
        bool any = false;
        for (; i < n && (uint)(s[i] - '0') <= 9; i++)
        {
            any = true;
            if (mantissa == 0 && s[i] == '0') continue;
            if (++digits > 15) return Fallback(s, out value);
            mantissa = mantissa * 10 + (uint)(s[i] - '0');
        }
        if (i < n && s[i] == '.')
        {
            for (i++; i < n && (uint)(s[i] - '0') <= 9; i++)
            {
                any = true;
                scale--;
                if (mantissa == 0 && s[i] == '0') continue;
                if (++digits > 15) return Fallback(s, out value);
                mantissa = mantissa * 10 + (uint)(s[i] - '0');
            }
        }
        if (!any) return Fallback(s, out value);
        if (i < n && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            bool expNegative = false;
            if (i < n && (s[i] == '-' || s[i] == '+')) { expNegative = s[i] == '-'; i++; }
            int exp = 0, start = i;
            for (; i < n && (uint)(s[i] - '0') <= 9 && exp < 10000; i++) exp = exp * 10 + (s[i] - '0');
            if (i == start) return Fallback(s, out value);
            scale += expNegative ? -exp : exp;
        }
        if (i != n) return Fallback(s, out value);
        double m = mantissa;
        if (mantissa == 0) value = 0;
        else if (scale == 0) value = m;
        else if (scale > 0 && scale <= 22) value = m * Powers[scale];
        else if (scale < 0 && scale >= -22) value = m / Powers[-scale];
        else return Fallback(s, out value);
        if (negative) value = -value;
        return true;
    }

    private static bool Fallback(ReadOnlySpan<char> s, out double value)
        => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
