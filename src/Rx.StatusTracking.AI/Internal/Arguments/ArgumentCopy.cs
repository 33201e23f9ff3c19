using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Copies tool arguments for a status, hiding the values of secret names at every level, so that what a status records
/// never changes afterwards and never shows a secret nested in an argument (a header in a "headers" object, say).
/// </summary>
/// <remarks>
/// <para>
/// Walked, their names checked and their values copied: <see cref="IDictionary{TKey, TValue}"/> and
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to object and other <see cref="IDictionary"/> (keys by their
/// text), each copied into a <see cref="Dictionary{TKey, TValue}"/>; lists and arrays (<see cref="IList"/>), copied into
/// an <c>object?[]</c> (a multi-dimensional array into nested ones, row by row; an array with other lower bounds from
/// its first element), except one-dimensional arrays of primitives (numbers, booleans, characters), strings and
/// decimals, cloned whole (other arrays, of enums, dates, <see cref="Half"/> or <see cref="Int128"/>, are walked);
/// <see cref="JsonElement"/> objects and arrays (see <see cref="JsonArgumentCopy"/>); <see cref="JsonObject"/> and
/// <see cref="JsonArray"/>. Recorded as they are: strings, primitives, enums and the immutable values of
/// <see cref="IsScalar"/>. Any other object (a POCO, a set, a sequence) is recorded as the <see cref="JsonElement"/> it
/// serializes to (see <see cref="SerializedArgument"/>), its names checked; a <see cref="JsonValue"/> made from one,
/// as the <see cref="JsonNode"/> of that JSON.
/// </para>
/// <para>
/// The work is bounded per call by <see cref="MaxValues"/> and <see cref="MaxBytes"/>. A value counts one (a container,
/// a hidden value, each value inside JSON), a cloned array one more per item; JSON elements count their bytes, and
/// serialized objects the bytes of their JSON. Strings are not counted against <see cref="MaxBytes"/>: recording one
/// shares the immutable instance and copies nothing.
/// </para>
/// <para>
/// Markers replace what cannot be recorded; the other values are kept: <see cref="TooDeep"/> for a container at a level
/// over <see cref="MaxDepth"/> (the arguments' own values are at level 1), <see cref="Cycle"/> for a container inside
/// itself (the arguments dictionary included), <see cref="TooMany"/> once the budget is spent (one last item of a list,
/// one entry of that name in a dictionary, the rest not read) or for a value too large for what is left,
/// <see cref="CouldNotCopy(Exception)"/> for a value whose reading threw. A container shared by several values (not
/// inside itself) is copied at each place, within the budget.
/// </para>
/// </remarks>
internal static class ArgumentCopy
{
    /// <summary>How many levels of containers are copied.</summary>
    public const int MaxDepth = 32;

    /// <summary>How many values (containers, hidden values and each value of a cloned array included) of one call's arguments are copied.</summary>
    public const int MaxValues = 10_000;

    /// <summary>
    /// How many bytes of JSON one call's arguments may copy: <see cref="JsonElement"/> values and the JSON objects
    /// serialize to (<see cref="StatusJson.MaxInputBytes"/>: a status whose JSON passes it has its data omitted on the
    /// wire anyway).
    /// </summary>
    public const int MaxBytes = StatusJson.MaxInputBytes;

    /// <summary>Recorded in place of a container nested deeper than <see cref="MaxDepth"/>.</summary>
    public const string TooDeep = "(nested too deep)";

    /// <summary>Recorded in place of a dictionary or list found inside itself.</summary>
    public const string Cycle = "(cycle)";

    /// <summary>
    /// Recorded in place of a value past the budget: once for the rest of a list (its last item) or of a dictionary (an
    /// entry of this name), and for a value too large for what is left (a cloned array, JSON).
    /// </summary>
    public const string TooMany = "(too many values)";

    /// <summary>A copy of <paramref name="arguments"/>, the values of names <paramref name="redaction"/> hides replaced by "***".</summary>
    /// <exception cref="UnreadableArgumentsException">Reading the dictionary itself (not a value in it) threw.</exception>
    public static RecordedArguments? Of(IDictionary<string, object?>? arguments, ArgumentRedaction redaction)
    {
        if (arguments is null)
        {
            return null;
        }

        var walk = new ArgumentWalk(redaction, arguments);
        try
        {
            if (arguments is not Dictionary<string, object?> dictionary)
            {
                return new RecordedArguments(CopyEntries(arguments, arguments.Count, 1, ref walk));
            }

            // What models' clients produce: enumerated without boxing its enumerator.
            var copy = new Dictionary<string, object?>(Capacity(dictionary.Count, walk), StringComparer.Ordinal);
            foreach (var (name, value) in dictionary)
            {
                if (!TryAdd(copy, name, value, 1, ref walk))
                {
                    break;
                }
            }

            return new RecordedArguments(copy);
        }
        catch (Exception failure)
        {
            throw new UnreadableArgumentsException(failure);
        }
    }

    /// <summary>A copy of what a filter returned (see <see cref="Of(IDictionary{string, object?}?, ArgumentRedaction)"/>); a copy already made is kept.</summary>
    /// <exception cref="UnreadableArgumentsException">Reading the dictionary itself (not a value in it) threw.</exception>
    public static IReadOnlyDictionary<string, object?>? Of(IReadOnlyDictionary<string, object?>? arguments, ArgumentRedaction redaction)
    {
        if (arguments is null or RecordedArguments)
        {
            return arguments;
        }

        var walk = new ArgumentWalk(redaction, arguments);
        try
        {
            return new RecordedArguments(CopyEntries(arguments, arguments.Count, 1, ref walk));
        }
        catch (Exception failure)
        {
            throw new UnreadableArgumentsException(failure);
        }
    }

    /// <summary>Recorded in place of a value whose reading threw <paramref name="failure"/>.</summary>
    public static string CouldNotCopy(Exception failure) => $"(could not be copied: {failure.GetType().Name})";

    /// <summary>
    /// Whether a value is recorded as it is: it holds no names and cannot change (a string, a primitive, an enum, a
    /// decimal, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>,
    /// <see cref="TimeSpan"/>, <see cref="Guid"/>, <see cref="Half"/>, <see cref="Int128"/>, <see cref="UInt128"/>,
    /// <see cref="Uri"/>, <see cref="Version"/>).
    /// </summary>
    public static bool IsScalar(object? value) =>
        value is null or string or decimal or Enum or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid
            or Half or Int128 or UInt128 or Uri or Version
        || value.GetType().IsPrimitive;

    /// <summary>
    /// The capacity of the copy of a container of <paramref name="count"/> values: no more than fit in the budget, and
    /// the marker that ends the rest.
    /// </summary>
    public static int Capacity(int count, in ArgumentWalk walk) => Math.Min(count, walk.Remaining + 1);

    /// <summary>A copy of one value, already counted against <see cref="MaxValues"/>; never throws.</summary>
    private static object? Copy(object? value, int level, ref ArgumentWalk walk)
    {
        if (value is null or string)
        {
            return value;
        }

        var depth = walk.Depth;
        try
        {
            return CopyValue(value, level, ref walk);
        }
        catch (Exception failure)
        {
            walk.Unwind(depth);
            return CouldNotCopy(failure);
        }
    }

    private static object? CopyValue(object value, int level, ref ArgumentWalk walk)
    {
        switch (value)
        {
            case JsonElement element:
                return element.ValueKind is JsonValueKind.Object or JsonValueKind.Array && level > MaxDepth ? TooDeep
                    : JsonArgumentCopy.Copy(element, level, ref walk) is { } copied ? copied
                    : TooMany;
            case JsonNode node:
                return JsonArgumentCopy.Copy(node, level, ref walk);
            case IDictionary<string, object?> or IReadOnlyDictionary<string, object?> or IDictionary or IList:
                return CopyContainer(value, level, ref walk);
            case var _ when IsScalar(value):
                return value;
            default:
                return SerializedArgument.Copy(value, level, ref walk) is { } json ? json : TooMany;
        }
    }

    private static object CopyContainer(object container, int level, ref ArgumentWalk walk)
    {
        if (level > MaxDepth)
        {
            return TooDeep;
        }

        if (container is Array values && values.GetType().IsSZArray && HoldsNoNames(values))
        {
            // Nothing inside to check or to share: cloned whole, its type kept, each of its values counted.
            return walk.TryTake(values.Length) ? values.Clone() : TooMany;
        }

        if (!walk.TryEnter(container))
        {
            return Cycle;
        }

        object copy = container switch
        {
            IDictionary<string, object?> dictionary => CopyEntries(dictionary, dictionary.Count, level + 1, ref walk),
            IReadOnlyDictionary<string, object?> dictionary => CopyEntries(dictionary, dictionary.Count, level + 1, ref walk),
            IDictionary dictionary => CopyEntries(dictionary, level + 1, ref walk),
            Array array when !array.GetType().IsSZArray => CopyDimension(array, 0, new int[array.Rank], level, ref walk),
            _ => CopyItems((IList)container, level + 1, ref walk),
        };
        walk.Leave();
        return copy;
    }

    private static Dictionary<string, object?> CopyEntries(IEnumerable<KeyValuePair<string, object?>> entries, int count, int level, ref ArgumentWalk walk)
    {
        var copy = new Dictionary<string, object?>(Capacity(count, walk), StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            if (!TryAdd(copy, name, value, level, ref walk))
            {
                break;
            }
        }

        return copy;
    }

    private static Dictionary<string, object?> CopyEntries(IDictionary dictionary, int level, ref ArgumentWalk walk)
    {
        var copy = new Dictionary<string, object?>(Capacity(dictionary.Count, walk), StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            if (!TryAdd(copy, Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value, level, ref walk))
            {
                break;
            }
        }

        return copy;
    }

    // Copies one entry, a hidden one counted like any other; false, after an entry named TooMany, when the budget is
    // spent (the dictionary's other entries are then not read).
    private static bool TryAdd(Dictionary<string, object?> copy, string name, object? value, int level, ref ArgumentWalk walk)
    {
        if (!walk.TryTake())
        {
            copy[TooMany] = TooMany;
            return false;
        }

        copy[name] = walk.Redaction.IsHidden(name) ? ArgumentRedaction.Hidden : Copy(value, level, ref walk);
        return true;
    }

    private static object?[] CopyItems(IList list, int level, ref ArgumentWalk walk)
    {
        var copy = new object?[Capacity(list.Count, walk)];
        for (var i = 0; i < copy.Length; i++)
        {
            if (!walk.TryTake())
            {
                return EndedAt(copy, i);
            }

            copy[i] = Copy(list[i], level, ref walk);
        }

        return copy;
    }

    // A dimension of an array that is not a plain one (several dimensions, or other lower bounds): an object?[] of its
    // rows, or of its values for the last dimension. Rows are containers one level down.
    private static object?[] CopyDimension(Array array, int dimension, int[] indices, int level, ref ArgumentWalk walk)
    {
        var copy = new object?[Capacity(array.GetLength(dimension), walk)];
        var lowerBound = array.GetLowerBound(dimension);
        var last = dimension == array.Rank - 1;
        for (var i = 0; i < copy.Length; i++)
        {
            if (!walk.TryTake())
            {
                return EndedAt(copy, i);
            }

            indices[dimension] = lowerBound + i;
            copy[i] = last ? Copy(array.GetValue(indices), level + 1, ref walk)
                : level + 1 > MaxDepth ? TooDeep
                : CopyDimension(array, dimension + 1, indices, level + 1, ref walk);
        }

        return copy;
    }

    // The budget ran out at item i: the items copied, then one marker for the rest.
    private static object?[] EndedAt(object?[] copy, int i)
    {
        copy[i] = TooMany;
        Array.Resize(ref copy, i + 1);
        return copy;
    }

    // An array of numbers, booleans, characters or strings.
    private static bool HoldsNoNames(Array array) =>
        array.GetType().GetElementType() is { } type && (type.IsPrimitive || type == typeof(string) || type == typeof(decimal));
}
