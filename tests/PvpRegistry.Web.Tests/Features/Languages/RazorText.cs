namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>A piece of text a user reads that is written in a .razor file instead of coming from a resource file.</summary>
public record RazorLiteral(int Line, string Text)
{
    public override string ToString() => $"line {Line}: {Text}";
}

/// <summary>
/// Reads a .razor file as Razor does, far enough to find the text a user reads: the text between tags and the literal
/// part of user-facing attributes (Label, Title, Text, Placeholder, HelperText, ErrorText, aria-label, title, alt).
/// C# is skipped: directives, <c>@expr</c>, <c>@(...)</c>, <c>@{ }</c> and <c>@code { }</c> blocks, the conditions of
/// <c>@if</c>/<c>@foreach</c>/<c>else</c>, string literals (interpolation holes included) and comments; markup inside
/// code (a control block's body, a RenderFragment in <c>@code</c>) is read again as markup. Style and script blocks,
/// HTML entities and <c>&lt;code&gt;</c> elements (commands, not words) are not text.
/// </summary>
public sealed class RazorText
{
    /// <summary>The attributes whose literal value a user reads.</summary>
    public static readonly HashSet<string> UserFacingAttributes = new(StringComparer.Ordinal)
    {
        "Label", "Title", "Text", "Placeholder", "HelperText", "ErrorText", "aria-label", "title", "alt", "placeholder",
    };

    private static readonly HashSet<string> Directives = new(StringComparer.Ordinal)
    {
        "page", "using", "inject", "attribute", "implements", "inherits", "layout", "rendermode", "typeparam", "namespace", "preservewhitespace",
    };

    private static readonly HashSet<string> BlockKeywords = new(StringComparer.Ordinal)
    {
        "if", "foreach", "for", "while", "switch", "using", "lock", "do", "try",
    };

    private static readonly HashSet<string> Continuations = new(StringComparer.Ordinal) { "else", "catch", "finally" };

    /// <summary>Elements whose content is not language (CSS, scripts, commands typed as shown).</summary>
    private static readonly HashSet<string> Opaque = new(StringComparer.OrdinalIgnoreCase) { "style", "script", "code" };

    private readonly string _s;
    private readonly Func<string, bool> _isWords;
    private readonly List<RazorLiteral> _found = [];
    private int _i;

    private RazorText(string source, Func<string, bool> isWords)
    {
        _s = source;
        _isWords = isWords;
    }

    /// <summary>The literals of one file; <paramref name="isWords"/> tells whether a piece of text is words a user reads.</summary>
    public static IReadOnlyList<RazorLiteral> Find(string source, Func<string, bool> isWords)
    {
        var reader = new RazorText(source, isWords);
        reader.Markup(stopAtBrace: false, element: null);
        return reader._found;
    }

    private bool AtEnd => _i >= _s.Length;
    private char C => _s[_i];
    private char Peek(int n = 1) => _i + n < _s.Length ? _s[_i + n] : '\0';
    private bool StartsWith(string text) => string.CompareOrdinal(_s, _i, text, 0, text.Length) == 0;
    private int LineAt(int index) => _s.AsSpan(0, Math.Min(index, _s.Length)).Count('\n') + 1;

    private void Report(int start, string text)
    {
        var clean = System.Text.RegularExpressions.Regex.Replace(text, @"&[#\w]+;", " ").Trim();
        if (clean.Any(char.IsLetter) && _isWords(clean)) _found.Add(new RazorLiteral(LineAt(start), clean));
    }

    // ---- Markup ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Reads markup: to the end of the file, to the end tag of <paramref name="element"/> (an element started in code),
    /// or to a closing brace (the end of a control block's markup body).
    /// </summary>
    private void Markup(bool stopAtBrace, string? element)
    {
        var text = new System.Text.StringBuilder();
        int textStart = _i, depth = element is null ? 0 : 1;
        void Flush()
        {
            if (text.Length > 0) Report(textStart, text.ToString());
            text.Clear();
            textStart = _i;
        }
        while (!AtEnd)
        {
            if (C == '@')
            {
                Flush();
                Transition();
                textStart = _i;
                continue;
            }
            if (C == '<' && Peek() == '!' && !StartsWith("<!--"))
            {
                Flush();
                SkipTo(">");
                _i++;
                textStart = _i;
                continue;
            }
            if (C == '<' && StartsWith("<!--"))
            {
                Flush();
                var end = _s.IndexOf("-->", _i, StringComparison.Ordinal);
                _i = end < 0 ? _s.Length : end + 3;
                textStart = _i;
                continue;
            }
            if (C == '<' && (char.IsLetter(Peek()) || Peek() == '/'))
            {
                Flush();
                var (name, closing, selfClosing) = Tag();
                if (element is not null && name.Equals(element, StringComparison.Ordinal))
                {
                    if (closing && --depth == 0) return;
                    if (!closing && !selfClosing) depth++;
                }
                if (!closing && !selfClosing && Opaque.Contains(name)) SkipTo($"</{name}");
                textStart = _i;
                continue;
            }
            if (stopAtBrace && C == '}')
            {
                Flush();
                return;
            }
            if (text.Length == 0) textStart = _i;
            text.Append(C);
            _i++;
        }
        Flush();
    }

    private void SkipTo(string endTag)
    {
        var end = _s.IndexOf(endTag, _i, StringComparison.OrdinalIgnoreCase);
        _i = end < 0 ? _s.Length : end;
    }

    /// <summary>Reads a tag from its '&lt;' to its '&gt;', checking the user-facing attributes.</summary>
    private (string Name, bool Closing, bool SelfClosing) Tag()
    {
        _i++;
        bool closing = C == '/';
        if (closing) _i++;
        int nameStart = _i;
        while (!AtEnd && (char.IsLetterOrDigit(C) || C is '.' or '-' or ':' or '_')) _i++;
        var name = _s[nameStart.._i];
        while (!AtEnd && C != '>')
        {
            if (C == '/' && Peek() == '>') { _i += 2; return (name, closing, true); }
            if (char.IsWhiteSpace(C)) { _i++; continue; }
            if (C == '@' && (Peek() == '(' || Peek() == '{'))
            {
                // An expression in the tag itself (rare: @onclick handlers are attributes).
                _i++;
                CSharpBalanced();
                continue;
            }
            int attrStart = _i;
            while (!AtEnd && !char.IsWhiteSpace(C) && C is not '=' and not '>' && !(C == '/' && Peek() == '>')) _i++;
            var attr = _s[attrStart.._i];
            if (AtEnd || C != '=') continue;
            _i++;
            if (AtEnd) break;
            var literal = new System.Text.StringBuilder();
            int valueStart = _i;
            if (C is '"' or '\'')
            {
                char quote = C;
                _i++;
                while (!AtEnd && C != quote)
                {
                    if (C == '@' && Peek() == '@') { _i += 2; continue; }
                    if (C == '@') { Expression(); continue; }
                    literal.Append(C);
                    _i++;
                }
                _i++;
            }
            else
            {
                while (!AtEnd && !char.IsWhiteSpace(C) && C != '>' && !(C == '/' && Peek() == '>'))
                {
                    if (C == '@') { Expression(); continue; }
                    literal.Append(C);
                    _i++;
                }
            }
            if (UserFacingAttributes.Contains(attr)) Report(valueStart, literal.ToString());
        }
        if (!AtEnd) _i++;
        return (name, closing, false);
    }

    // ---- Razor transitions -----------------------------------------------------------------------------------------

    /// <summary>At an '@' in markup: a comment, an escaped '@', a directive, an expression or a code block.</summary>
    private void Transition()
    {
        if (Peek() == '@') { _i += 2; return; }
        if (Peek() == '*')
        {
            var end = _s.IndexOf("*@", _i + 2, StringComparison.Ordinal);
            _i = end < 0 ? _s.Length : end + 2;
            return;
        }
        if (Peek() == ':')
        {
            // @: a line of markup inside code.
            _i += 2;
            int start = _i;
            var end = _s.IndexOf('\n', _i);
            end = end < 0 ? _s.Length : end;
            var line = new RazorText(_s[start..end], _isWords);
            line.Markup(false, null);
            foreach (var f in line._found) _found.Add(f with { Line = LineAt(start) });
            _i = end;
            return;
        }
        if (Peek() == '{' || Peek() == '(')
        {
            _i++;
            if (C == '{') CodeBlock();
            else CSharpBalanced();
            return;
        }
        int wordStart = _i + 1, j = wordStart;
        while (j < _s.Length && (char.IsLetterOrDigit(_s[j]) || _s[j] == '_')) j++;
        var word = _s[wordStart..j];
        if (word is "code" or "functions")
        {
            _i = j;
            SkipWhitespace();
            if (!AtEnd && C == '{') CodeBlock();
            return;
        }
        bool lineStart = _s.LastIndexOf('\n', Math.Max(0, _i - 1)) is var nl && _s[(nl + 1).._i].All(char.IsWhiteSpace);
        if (Directives.Contains(word) && lineStart && !(word == "using" && NextNonSpace(j) == '('))
        {
            var end = _s.IndexOf('\n', j);
            _i = end < 0 ? _s.Length : end;
            return;
        }
        if (BlockKeywords.Contains(word))
        {
            _i = j;
            ControlBlock();
            return;
        }
        Expression();
    }

    private char NextNonSpace(int from)
    {
        while (from < _s.Length && char.IsWhiteSpace(_s[from])) from++;
        return from < _s.Length ? _s[from] : '\0';
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(C)) _i++;
    }

    /// <summary>After the keyword: the condition, the body (code with markup), then else/catch/finally parts.</summary>
    private void ControlBlock()
    {
        while (true)
        {
            SkipWhitespace();
            if (!AtEnd && C == '(') CSharpBalanced();
            SkipWhitespace();
            if (!AtEnd && C == '{') CodeBlock();
            int save = _i;
            SkipWhitespace();
            int wordStart = _i;
            while (!AtEnd && char.IsLetter(C)) _i++;
            var next = _s[wordStart.._i];
            if (Continuations.Contains(next))
            {
                SkipWhitespace();
                if (StartsWith("if") && !char.IsLetterOrDigit(Peek(2))) _i += 2;
                continue;
            }
            _i = save;
            return;
        }
    }

    /// <summary>An implicit expression: @name, @name.member, @name(args), @name[index], chained.</summary>
    private void Expression()
    {
        _i++;
        if (!AtEnd && C == '(') { CSharpBalanced(); return; }
        while (!AtEnd)
        {
            if (char.IsLetterOrDigit(C) || C == '_') { _i++; continue; }
            if (C is '(' or '[') { CSharpBalanced(); continue; }
            if ((C == '.' || (C == '?' && Peek() is '.' or '[') || C == '!') && (char.IsLetter(Peek()) || Peek() is '_' or '.' or '[')) { _i++; continue; }
            break;
        }
    }

    // ---- C# ----------------------------------------------------------------------------------------------------------

    /// <summary>From an opening '{' to its match: C# in which an element starting a statement is markup.</summary>
    private void CodeBlock()
    {
        _i++;
        int depth = 1;
        char previous = '{';
        while (!AtEnd)
        {
            if (SkipCSharpTrivia()) continue;
            char c = C;
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) { _i++; return; }
            else if (c == '<' && previous is '{' or '}' or ';' or '>' or ':' && (char.IsLetter(Peek()) || Peek() == '!'))
            {
                if (StartsWith("<text>")) { _i += 6; Markup(false, "text"); previous = '>'; continue; }
                ElementInCode();
                previous = '>';
                continue;
            }
            else if (c == '@' && Peek() == ':') { Transition(); previous = ';'; continue; }
            if (!char.IsWhiteSpace(c)) previous = c;
            _i++;
        }
    }

    /// <summary>One element written in code (and all it contains), read as markup.</summary>
    private void ElementInCode()
    {
        var (name, _, selfClosing) = Tag();
        if (selfClosing) return;
        if (Opaque.Contains(name)) { SkipTo($"</{name}"); Tag(); return; }
        Markup(false, name);
    }

    /// <summary>From an opening '(' or '[' to its match, skipping strings and comments.</summary>
    private void CSharpBalanced()
    {
        char open = C, close = open == '(' ? ')' : open == '[' ? ']' : '}';
        _i++;
        int depth = 1;
        while (!AtEnd)
        {
            if (SkipCSharpTrivia()) continue;
            if (C == open) depth++;
            else if (C == close && --depth == 0) { _i++; return; }
            _i++;
        }
    }

    /// <summary>Skips a string or char literal or a comment at the position; false when there is none.</summary>
    private bool SkipCSharpTrivia()
    {
        if (C == '@' && Peek() == '*') { var end = _s.IndexOf("*@", _i + 2, StringComparison.Ordinal); _i = end < 0 ? _s.Length : end + 2; return true; }
        if (C == '/' && Peek() == '/') { var end = _s.IndexOf('\n', _i); _i = end < 0 ? _s.Length : end; return true; }
        if (C == '/' && Peek() == '*') { var end = _s.IndexOf("*/", _i + 2, StringComparison.Ordinal); _i = end < 0 ? _s.Length : end + 2; return true; }
        if (C == '\'') { _i++; while (!AtEnd && C != '\'') _i += C == '\\' ? 2 : 1; _i = Math.Min(_i + 1, _s.Length); return true; }
        int p = _i;
        bool interpolated = false, verbatim = false;
        while (p < _s.Length && _s[p] is '$' or '@')
        {
            if (_s[p] == '$') interpolated = true; else verbatim = true;
            p++;
        }
        if (p >= _s.Length || _s[p] != '"') return false;
        if (StartsWithAt(p, "\"\"\""))
        {
            var end = _s.IndexOf("\"\"\"", p + 3, StringComparison.Ordinal);
            _i = end < 0 ? _s.Length : end + 3;
            return true;
        }
        _i = p + 1;
        while (!AtEnd)
        {
            if (verbatim && C == '"' && Peek() == '"') { _i += 2; continue; }
            if (!verbatim && C == '\\') { _i = Math.Min(_i + 2, _s.Length); continue; }
            if (C == '"') { _i++; return true; }
            if (interpolated && C == '{')
            {
                if (Peek() == '{') { _i += 2; continue; }
                CSharpBalanced();
                continue;
            }
            if (interpolated && C == '}' && Peek() == '}') { _i += 2; continue; }
            _i++;
        }
        return true;
    }

    private bool StartsWithAt(int index, string text) => string.CompareOrdinal(_s, index, text, 0, text.Length) == 0;
}
