using System.Collections;
using System.Globalization;
using System.Text;

namespace StreamAgg.Observability.Logging;

/// <summary>
/// A log scope or value as a person reads it: a scope of named values as <c>instance=p1</c>
/// (not the type name of the list that holds them), a templated scope as its formatted text, a
/// list as <c>1,4,7</c>.
/// </summary>
internal static class ScopeText
{
    private const string OriginalFormat = "{OriginalFormat}";

    public static void Append(StringBuilder text, object? scope)
    {
        switch (scope)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs when !pairs.Any(p => p.Key == OriginalFormat):
                var first = true;
                foreach (var (key, value) in pairs)
                {
                    text.Append(first ? "" : " ").Append(key).Append('=');
                    AppendValue(text, value);
                    first = false;
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> template:
                // A message template (BeginScope("task {Task}", …)) formats itself.
                text.Append(template);
                break;
            default:
                AppendValue(text, scope);
                break;
        }
    }

    public static void AppendValue(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string s:
                text.Append(s);
                break;
            case IEnumerable items:
                var first = true;
                foreach (var item in items)
                {
                    text.Append(first ? "" : ",");
                    AppendValue(text, item);
                    first = false;
                }

                break;
            case IFormattable formattable:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(value);
                break;
        }
    }
}
