using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// Writes <see cref="ChatStatus.Data"/> as a value of its own, by its runtime type's metadata, and reads it back as a
/// <see cref="JsonElement"/> (as the serializer does for any <see langword="object"/>). The serializer's own write of an
/// <see langword="object"/> property re-enters it polymorphically and grows a nested write stack for every status
/// (measured: about 300 bytes per status with data); a write of its own starts one on the stack.
/// </summary>
/// <remarks>
/// The serializer's <see langword="object"/> path also looks at the runtime type's ancestors: a base class or interface
/// that declares derived types (<see cref="JsonDerivedTypeAttribute"/>, or <see cref="JsonTypeInfo.PolymorphismOptions"/>
/// set by a resolver) makes it write the <c>$type</c> discriminator, which a write by the runtime type alone would leave
/// out. Data of such a type (or whose ancestry cannot be resolved) still goes through that path, so the JSON is the same
/// either way; the answer is kept per type's metadata.
/// </remarks>
internal sealed class DataJsonConverter : JsonConverter<object>
{
    public static readonly DataJsonConverter Instance = new();

    private static readonly ConditionalWeakTable<JsonTypeInfo, Checked> Answers = [];

    // The answer for the type the last status's data had: most statuses of a process carry the same few types.
    private static Checked? s_last;

    // As the serializer reads any object (a JsonElement, or what the options' UnknownTypeHandling says).
    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(typeof(object)));

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        var info = options.GetTypeInfo(value.GetType());
        if (WritesAlike(info))
        {
            JsonSerializer.Serialize(writer, value, info);
        }
        else
        {
            JsonSerializer.Serialize(writer, value, options.GetTypeInfo(typeof(object)));
        }
    }

    // Whether writing by the runtime type's own metadata gives what the object path gives.
    private static bool WritesAlike(JsonTypeInfo info)
    {
        if (Volatile.Read(ref s_last) is { } last && last.Info == info)
        {
            return last.Alike;
        }

        var answer = Answers.GetValue(info, static i => new Checked(i, !HasPolymorphicAncestry(i.Type, i.Options)));
        Volatile.Write(ref s_last, answer);
        return answer.Alike;
    }

    private static bool HasPolymorphicAncestry(Type type, JsonSerializerOptions options)
    {
        try
        {
            for (var ancestor = type; ancestor is not null && ancestor != typeof(object); ancestor = ancestor.BaseType)
            {
                if (options.GetTypeInfo(ancestor).PolymorphismOptions is not null)
                {
                    return true;
                }
            }

            return Array.Exists(type.GetInterfaces(), i => options.GetTypeInfo(i).PolymorphismOptions is not null);
        }
        catch (Exception)
        {
            // An ancestor the resolver cannot describe (or whose metadata throws): the object path decides, as it always did.
            return true;
        }
    }

    private sealed record Checked(JsonTypeInfo Info, bool Alike);
}
