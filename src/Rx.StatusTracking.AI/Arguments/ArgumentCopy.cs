using System.Buffers;
using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rx.StatusTracking.AI;

/// <summary>
/// Copies tool arguments for a status, hiding the values of secret names at every level, so that what a status records
/// never changes afterwards and never shows a secret nested in an argument (a header in a "headers" object, say).
/// </summary>
/// <remarks>
/// Names are checked, and values copied, inside: <see cref="IDictionary{TKey, TValue}"/> and
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to object, other <see cref="IDictionary"/> (keys by their
/// text); <see cref="JsonElement"/> objects and arrays; <see cref="JsonObject"/>, <see cref="JsonArray"/> and a
/// <see cref="JsonValue"/> holding a <see cref="JsonElement"/>; and lists and arrays (<see cref="IList"/>) of any of
/// these. The arguments' own values are at level 1: a container at a level over <see cref="MaxDepth"/> is recorded as
/// <see cref="TooDeep"/>, unread (this also ends a dictionary that contains itself). Copies are new objects: a
/// dictionary becomes a <see cref="Dictionary{TKey, TValue}"/>, a list or an array of other than numbers, booleans,
/// characters and strings an <c>object?[]</c>, a JSON element an independent <see cref="JsonElement"/>, a JSON node a
/// new node. Any other value (a string, a number, an object of another type) is recorded as it is.
/// </remarks>
internal static class ArgumentCopy
{
    /// <summary>How many levels of containers are copied.</summary>
    public const int MaxDepth = 32;

    /// <summary>Recorded in place of a container nested deeper than <see cref="MaxDepth"/>.</summary>
    public const string TooDeep = "(nested too deep)";

    /// <summary>A copy of <paramref name="arguments"/>, the values of names <paramref name="redaction"/> hides replaced by "***".</summary>
    public static RecordedArguments? Of(IDictionary<string, object?>? arguments, ArgumentRedaction redaction)
    {
        if (arguments is null)
        {
            return null;
        }

        if (arguments is not Dictionary<string, object?> dictionary)
        {
            return new RecordedArguments(CopyEntries(arguments, arguments.Count, 1, redaction));
        }

        // What models' clients produce: enumerated without boxing its enumerator.
        var copy = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
        foreach (var (name, value) in dictionary)
        {
            copy[name] = Entry(name, value, 1, redaction);
        }

        return new RecordedArguments(copy);
    }

    /// <summary>A copy of what a filter returned (see <see cref="Of(IDictionary{string, object?}?, ArgumentRedaction)"/>); a copy already made is kept.</summary>
    public static IReadOnlyDictionary<string, object?>? Of(IReadOnlyDictionary<string, object?>? arguments, ArgumentRedaction redaction)
    {
        if (arguments is null or RecordedArguments)
        {
            return arguments;
        }

        return new RecordedArguments(CopyEntries(arguments, arguments.Count, 1, redaction));
    }

    private static Dictionary<string, object?> CopyEntries(IEnumerable<KeyValuePair<string, object?>> entries, int count, int level, ArgumentRedaction redaction)
    {
        var copy = new Dictionary<string, object?>(count, StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            copy[name] = Entry(name, value, level, redaction);
        }

        return copy;
    }

    private static object? Entry(string name, object? value, int level, ArgumentRedaction redaction) =>
        redaction.IsHidden(name) ? ArgumentRedaction.Hidden : Copy(value, level, redaction);

    private static object? Copy(object? value, int level, ArgumentRedaction redaction)
    {
        switch (value)
        {
            case null or string:
                return value;
            case JsonElement element:
                return element.ValueKind is JsonValueKind.Object or JsonValueKind.Array && level > MaxDepth
                    ? TooDeep
                    : (object)Copy(element, level, redaction);
            case JsonNode node:
                return Copy(node, level, redaction);
        }

        if (value is not (IDictionary<string, object?> or IReadOnlyDictionary<string, object?> or IDictionary or IList))
        {
            return value;
        }

        if (level > MaxDepth)
        {
            return TooDeep;
        }

        switch (value)
        {
            case IDictionary<string, object?> dictionary:
                return CopyEntries(dictionary, dictionary.Count, level + 1, redaction);
            case IReadOnlyDictionary<string, object?> dictionary:
                return CopyEntries(dictionary, dictionary.Count, level + 1, redaction);

            case IDictionary dictionary:
            {
                var copy = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    var name = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    copy[name] = Entry(name, entry.Value, level + 1, redaction);
                }

                return copy;
            }

            case Array array when HoldsNoNames(array):
                return array.Clone();

            default:
            {
                var list = (IList)value;
                var copy = new object?[list.Count];
                for (var i = 0; i < copy.Length; i++)
                {
                    copy[i] = Copy(list[i], level + 1, redaction);
                }

                return copy;
            }
        }
    }

    // An array of numbers, booleans, characters or strings: copied as it is, its type kept.
    private static bool HoldsNoNames(Array array) =>
        array.GetType().GetElementType() is { } type && (type.IsPrimitive || type == typeof(string) || type == typeof(decimal));

    /// <summary>An element that shares nothing with the model's document (which its owner may dispose).</summary>
    private static JsonElement Copy(JsonElement element, int level, ArgumentRedaction redaction)
    {
        if (element.ValueKind is JsonValueKind.Undefined)
        {
            // default(JsonElement): no document to read or clone.
            return element;
        }

        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || !NeedsRewrite(element, level, redaction))
        {
            return element.Clone();
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(element, writer, level, redaction);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    // Whether a hidden name or a container too deep is anywhere in the element: most arguments have neither.
    private static bool NeedsRewrite(JsonElement element, int level, ArgumentRedaction redaction)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when level > MaxDepth:
            case JsonValueKind.Array when level > MaxDepth:
                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (redaction.IsHidden(property.Name) || NeedsRewrite(property.Value, level + 1, redaction))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (NeedsRewrite(item, level + 1, redaction))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer, int level, ArgumentRedaction redaction)
    {
        if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array && level > MaxDepth)
        {
            writer.WriteStringValue(TooDeep);
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (redaction.IsHidden(property.Name))
                    {
                        writer.WriteStringValue(ArgumentRedaction.Hidden);
                    }
                    else
                    {
                        Write(property.Value, writer, level + 1, redaction);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer, level + 1, redaction);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static JsonNode? Copy(JsonNode? node, int level, ArgumentRedaction redaction)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject or JsonArray when level > MaxDepth:
                return JsonValue.Create(TooDeep);
            case JsonObject source:
            {
                var copy = new JsonObject(source.Options);
                foreach (var (name, value) in source)
                {
                    copy[name] = redaction.IsHidden(name) ? JsonValue.Create(ArgumentRedaction.Hidden) : Copy(value, level + 1, redaction);
                }

                return copy;
            }

            case JsonArray source:
            {
                var copy = new JsonArray(source.Options);
                foreach (var item in source)
                {
                    copy.Add(Copy(item, level + 1, redaction));
                }

                return copy;
            }

            case JsonValue value when value.TryGetValue(out JsonElement element):
                return element.ValueKind is JsonValueKind.Object or JsonValueKind.Array && level > MaxDepth
                    ? JsonValue.Create(TooDeep)
                    : JsonValue.Create(Copy(element, level, redaction), value.Options);
            default:
                return node.DeepClone();
        }
    }
}
