using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Copies JSON arguments (see <see cref="ArgumentCopy"/>): a <see cref="JsonElement"/> into an element that shares
/// nothing with the model's document (which its owner may dispose), a <see cref="JsonNode"/> into new nodes. Each value
/// inside, hidden or not, is counted against the call's <see cref="ArgumentCopy.MaxValues"/>, and an element's bytes
/// against its <see cref="ArgumentCopy.MaxBytes"/>; the value given is counted by the caller.
/// </summary>
internal static class JsonArgumentCopy
{
    /// <summary>A copy of an element, or <see langword="null"/> when its bytes do not fit in what is left of the budget.</summary>
    public static JsonElement? Copy(JsonElement element, int level, ref ArgumentWalk walk)
    {
        // Cloning copies the bytes: counted, so that one element repeated in a list is not cloned past the budget.
        if (!walk.TryTakeBytes(JsonMarshal.GetRawUtf8Value(element).Length))
        {
            return null;
        }

        // A dry run on a copy of the budget: most arguments hide nothing and fit, and are cloned as they are.
        var remaining = walk.Remaining;
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || !NeedsRewrite(element, level, ref remaining, walk.Redaction))
        {
            var clone = element.Clone();
            walk.Remaining = remaining;
            return clone;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(element, writer, level, ref walk);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>A copy of a node; a value inside that cannot be copied becomes a marker, the rest is kept.</summary>
    public static JsonNode? Copy(JsonNode? node, int level, ref ArgumentWalk walk)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject or JsonArray when level > ArgumentCopy.MaxDepth:
                return JsonValue.Create(ArgumentCopy.TooDeep);
            case JsonObject source:
            {
                var copy = new JsonObject(source.Options);
                foreach (var (name, value) in source)
                {
                    if (!walk.TryTake())
                    {
                        copy[ArgumentCopy.TooMany] = JsonValue.Create(ArgumentCopy.TooMany);
                        break;
                    }

                    copy[name] = walk.Redaction.IsHidden(name) ? JsonValue.Create(ArgumentRedaction.Hidden) : Child(value, level + 1, ref walk);
                }

                return copy;
            }

            case JsonArray source:
            {
                var copy = new JsonArray(source.Options);
                foreach (var item in source)
                {
                    if (!walk.TryTake())
                    {
                        copy.Add(JsonValue.Create(ArgumentCopy.TooMany));
                        break;
                    }

                    copy.Add(Child(item, level + 1, ref walk));
                }

                return copy;
            }

            case JsonValue value when value.TryGetValue(out JsonElement element):
                return element.ValueKind is JsonValueKind.Object or JsonValueKind.Array && level > ArgumentCopy.MaxDepth
                    ? JsonValue.Create(ArgumentCopy.TooDeep)
                    : Copy(element, level, ref walk) is { } copied ? Node(copied, value.Options)
                    : JsonValue.Create(ArgumentCopy.TooMany);
            case JsonValue value when value.TryGetValue(out object? held) && !ArgumentCopy.IsScalar(held):
                // A node made from an object (JsonValue.Create(poco)): cloning it would serialize the object unchecked.
                return SerializedArgument.Copy(held, level, ref walk) is { } serialized
                    ? Node(serialized, value.Options)
                    : JsonValue.Create(ArgumentCopy.TooMany);
            default:
                return node.DeepClone();
        }
    }

    // A JsonValue holds only a string, number, boolean or null element: an object or an array becomes its node.
    private static JsonNode? Node(JsonElement element, JsonNodeOptions? options) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element, options),
        JsonValueKind.Array => JsonArray.Create(element, options),
        _ => JsonValue.Create(element, options),
    };

    // A value inside a node, already counted.
    private static JsonNode? Child(JsonNode? node, int level, ref ArgumentWalk walk)
    {
        var depth = walk.Depth;
        try
        {
            return Copy(node, level, ref walk);
        }
        catch (Exception failure)
        {
            walk.Unwind(depth);
            return JsonValue.Create(ArgumentCopy.CouldNotCopy(failure));
        }
    }

    // Whether a hidden name, a container too deep or more values than the budget is anywhere in the element: most
    // arguments have none.
    private static bool NeedsRewrite(JsonElement element, int level, ref int remaining, ArgumentRedaction redaction)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when level > ArgumentCopy.MaxDepth:
            case JsonValueKind.Array when level > ArgumentCopy.MaxDepth:
                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (remaining-- == 0 || redaction.IsHidden(property.Name) || NeedsRewrite(property.Value, level + 1, ref remaining, redaction))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (remaining-- == 0 || NeedsRewrite(item, level + 1, ref remaining, redaction))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer, int level, ref ArgumentWalk walk)
    {
        if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array && level > ArgumentCopy.MaxDepth)
        {
            writer.WriteStringValue(ArgumentCopy.TooDeep);
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (!walk.TryTake())
                    {
                        writer.WriteString(ArgumentCopy.TooMany, ArgumentCopy.TooMany);
                        break;
                    }

                    writer.WritePropertyName(property.Name);
                    if (walk.Redaction.IsHidden(property.Name))
                    {
                        writer.WriteStringValue(ArgumentRedaction.Hidden);
                    }
                    else
                    {
                        Write(property.Value, writer, level + 1, ref walk);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    if (!walk.TryTake())
                    {
                        writer.WriteStringValue(ArgumentCopy.TooMany);
                        break;
                    }

                    Write(item, writer, level + 1, ref walk);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
