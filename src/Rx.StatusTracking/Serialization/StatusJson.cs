using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Rx.StatusTracking.Serialization;

namespace Rx.StatusTracking;

/// <summary>
/// The one JSON contract of a <see cref="ChatStatus"/> on the wire (web endpoints, Redis streams): camelCase
/// names, states as their names (<c>"Failed"</c>), <see cref="StatusError"/> included, nulls left out.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ChatStatus.Data"/> is serialized as given, by its runtime type: the source-generated metadata
/// first, reflection for types it does not know. Data that cannot be serialized (a cycle, a type the
/// serializer refuses, a getter that throws) never loses the status: it is written with
/// <c>"data": {"unserializable": "&lt;type name&gt;"}</c> instead. Read back, <see cref="ChatStatus.Data"/> is a
/// <see cref="JsonElement"/>.
/// </para>
/// <para>
/// Reading is strict: a missing required field (<c>step</c>, <c>description</c>, <c>state</c>), an unknown or
/// numeric state, a step below <see cref="ChatStatus.ResetStep"/>, a negative sequence, nesting deeper than
/// 64 levels or an input over <see cref="MaxInputBytes"/> yields a <see cref="StatusJsonException"/> (or
/// <see langword="false"/> from <see cref="TryDeserialize(ReadOnlySpan{byte}, out ChatStatus?, out string?)"/>).
/// </para>
/// </remarks>
public static class StatusJson
{
    /// <summary>The largest input <see cref="Deserialize(ReadOnlySpan{byte})"/> reads: 1 MiB.</summary>
    public const int MaxInputBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The serializer options of the contract (read-only): use them, or chain <see cref="JsonSerializerOptions.TypeInfoResolver"/>
    /// into your own, to read or write statuses, summaries and progress the same way.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonTypeInfo<ChatStatus> StatusInfo { get; } = (JsonTypeInfo<ChatStatus>)Options.GetTypeInfo(typeof(ChatStatus));

    /// <summary>Writes a status as UTF-8 JSON.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The JSON bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    public static byte[] SerializeToUtf8Bytes(ChatStatus status) => SerializeToBuffer(status).WrittenSpan.ToArray();

    /// <summary>Writes a status as a JSON string.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    public static string Serialize(ChatStatus status) => Encoding.UTF8.GetString(SerializeToBuffer(status).WrittenSpan);

    /// <summary>Appends a status as UTF-8 JSON to <paramref name="output"/> (no copy to an intermediate array for the caller).</summary>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="status">The status.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(IBufferWriter<byte> output, ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(SerializeToBuffer(status).WrittenSpan);
    }

    /// <summary>Reads a status from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <returns>The status.</returns>
    /// <exception cref="StatusJsonException">The input is not a valid status (see the remarks of <see cref="StatusJson"/>).</exception>
    public static ChatStatus Deserialize(ReadOnlySpan<byte> utf8Json) =>
        TryDeserialize(utf8Json, out var status, out var error, out var cause) ? status : throw new StatusJsonException(error, cause);

    /// <summary>Reads a status from a JSON string.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="StatusJsonException">The input is not a valid status (see the remarks of <see cref="StatusJson"/>).</exception>
    public static ChatStatus Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxInputBytes)
        {
            throw new StatusJsonException(TooLarge(json.Length));
        }

        return Deserialize(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a status from UTF-8 JSON without throwing: for input from outside (a stream written by others).</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <param name="status">The status, when the input was valid.</param>
    /// <param name="error">Why the input was refused, when it was.</param>
    /// <returns>Whether the input was a valid status.</returns>
    public static bool TryDeserialize(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ChatStatus? status, [NotNullWhen(false)] out string? error) =>
        TryDeserialize(utf8Json, out status, out error, out _);

    private static bool TryDeserialize(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ChatStatus? status, [NotNullWhen(false)] out string? error, out Exception? cause)
    {
        status = null;
        cause = null;
        if (utf8Json.Length > MaxInputBytes)
        {
            error = TooLarge(utf8Json.Length);
            return false;
        }

        try
        {
            status = JsonSerializer.Deserialize(utf8Json, StatusInfo);
        }
        catch (JsonException e)
        {
            cause = e;
            error = $"Not a valid status: {e.Message}";
            return false;
        }

        if (status is null)
        {
            error = "Not a valid status: the JSON is null.";
            return false;
        }

        error = status switch
        {
            { Step: < ChatStatus.ResetStep } => $"Not a valid status: step {status.Step} is below {ChatStatus.ResetStep}.",
            { Sequence: < 0 } => $"Not a valid status: sequence {status.Sequence} is negative.",
            { Error: { } e } when !IsComplete(e) => "Not a valid status: an error lacks its type, message or inner errors.",
            _ => null,
        };
        if (error is not null)
        {
            status = null;
            return false;
        }

        return true;
    }

    // Error fields are constructor parameters: a missing one arrives as null rather than failing the read.
    private static bool IsComplete(StatusError error) =>
        error.Type is not null && error.Message is not null && error.InnerErrors is not null && error.InnerErrors.All(e => e is not null && IsComplete(e));

    private static string TooLarge(int length) => $"Not a valid status: {length} bytes is more than the {MaxInputBytes} a status may take.";

    private static ArrayBufferWriter<byte> SerializeToBuffer(ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        try
        {
            WriteTo(buffer, status);
        }
        catch (Exception) when (status.Data is not null)
        {
            // Whatever Data threw (a cycle, an unsupported type, a throwing getter), the status itself still goes
            // out; if the failure was not Data's, the second attempt throws it again.
            buffer.ResetWrittenCount();
            WriteTo(buffer, status with { Data = new UnserializableData(status.Data.GetType().FullName ?? status.Data.GetType().Name) });
        }

        return buffer;
    }

    private static void WriteTo(ArrayBufferWriter<byte> buffer, ChatStatus status)
    {
        // One writer per thread, reset onto the buffer (which also clears what a failed write left): serializing a
        // status allocates only its result.
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, status, StatusInfo);
        writer.Flush();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(StatusJsonContext.Default.Options)
        {
            // Data is any type: the generated metadata first, reflection for the rest.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(StatusJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }
}
