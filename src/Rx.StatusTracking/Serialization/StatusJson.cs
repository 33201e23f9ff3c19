using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// The one JSON contract of a <see cref="ChatStatus"/> on the wire (web endpoints, Redis streams): camelCase
/// names, states as their names (<c>"Failed"</c>), <see cref="StatusError"/> included, nulls left out.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ChatStatus.Data"/> is serialized as given, by its runtime type: the source-generated metadata
/// first, reflection for types it does not know. Read back, <see cref="ChatStatus.Data"/> is a <see cref="JsonElement"/>.
/// </para>
/// <para>
/// <b>Whatever is written can be read back</b>, so every transport (web endpoints, Redis) carries every status a
/// tracker records, with the same bytes. Two documented fallbacks keep that promise, and
/// <see cref="Write"/> and <see cref="SerializeToUtf8Bytes(ChatStatus, out StatusJsonFallbacks)"/> say when one
/// applied (<see cref="StatusJsonFallbacks"/>) so the transport can report it:
/// </para>
/// <list type="bullet">
/// <item>data that cannot be serialized (a cycle, a type the serializer refuses, a getter that throws, nesting past 64
/// levels) is written as <c>{"unserializable": "&lt;type&gt;"}</c>;</item>
/// <item>a status whose JSON would pass <see cref="MaxInputBytes"/> (1 MiB) is written with its data as
/// <c>{"omitted": "&lt;type&gt;", "reason": "…"}</c> or its error shortened (messages and stack traces cut to 8,192
/// characters, inner errors left out), the larger of the two as written first, the other if still needed; last the
/// description is cut to 16,384 characters. Writing stops soon after the limit
/// (a few MiB of buffer at most), so a payload of any size costs no more than that to find too large.</item>
/// </list>
/// <para>
/// The tracker itself keeps <see cref="ChatStatus.Data"/> as given: subscribers in the same process see the
/// original object, however large.
/// </para>
/// <para>
/// Reading is strict: a missing required field (<c>step</c>, <c>description</c>, <c>state</c>), an unknown or
/// numeric state, a step below <see cref="ChatStatus.ResetStep"/>, a negative sequence, a <c>parentStep</c> below 0 or
/// equal to the step, a <c>progress</c> outside [0, 1], nesting deeper than 64 levels or an input over
/// <see cref="MaxInputBytes"/> yields a <see cref="StatusJsonException"/> (or <see langword="false"/> from
/// <see cref="TryDeserialize(ReadOnlySpan{byte}, out ChatStatus?, out string?)"/>).
/// </para>
/// <para>
/// <b>Compatibility.</b> Fields are added, never renamed or removed, and optional ones are written only when present:
/// <c>parentStep</c> (<see cref="ChatStatus.ParentStep"/>) and <c>progress</c> (<see cref="ChatStatus.Progress"/>) came
/// with nested steps, so a status without them is written byte for byte as before. A reader skips fields it does not
/// know, so an older reader reads a status with the new fields as the same status without them (a child step as a
/// top-level one). A state is added as a new name (<c>"AwaitingInput"</c>); an older reader refuses a status in a state it
/// does not know as it refuses any unknown state, with a <see cref="StatusJsonException"/> (a Redis reader skips the
/// entry and reports it as malformed), never by guessing another state. Upgrade readers before writers.
/// </para>
/// </remarks>
public static class StatusJson
{
    /// <summary>The largest input <see cref="Deserialize(ReadOnlySpan{byte})"/> reads: 1 MiB.</summary>
    public const int MaxInputBytes = 1 << 20;

    // The nesting the reader accepts (System.Text.Json's default) and therefore the writer allows.
    private const int MaxDepth = 64;

    // Beyond these, a status that is too large anyway is shortened further (see Shorten).
    private const int ShortenedErrorTextLength = 8_192;
    private const int ShortenedDescriptionLength = 16_384;

    [ThreadStatic]
    private static LimitedBufferWriter? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The serializer options of the contract (read-only): use them, or chain <see cref="JsonSerializerOptions.TypeInfoResolver"/>
    /// into your own, to read or write statuses, summaries and progress the same way.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(dataOnItsOwn: false);

    // The library's own reads and writes: the same JSON, with Data written by its runtime type's metadata (see
    // DataJsonConverter). Not in Options, whose users may set what a write of its own cannot honour (ReferenceHandler).
    private static JsonTypeInfo<ChatStatus> StatusInfo { get; } =
        (JsonTypeInfo<ChatStatus>)CreateOptions(dataOnItsOwn: true).GetTypeInfo(typeof(ChatStatus));

    /// <summary>Writes a status as UTF-8 JSON (see the remarks of <see cref="StatusJson"/> for what may be changed on the way).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The JSON bytes, at most <see cref="MaxInputBytes"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    public static byte[] SerializeToUtf8Bytes(ChatStatus status) => SerializeToUtf8Bytes(status, out _);

    /// <summary>Writes a status as UTF-8 JSON and says what had to change to make it writable and readable.</summary>
    /// <param name="status">The status.</param>
    /// <param name="fallbacks">What was changed (<see cref="StatusJsonFallbacks.None"/> almost always): a transport reports anything else.</param>
    /// <returns>The JSON bytes, at most <see cref="MaxInputBytes"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    public static byte[] SerializeToUtf8Bytes(ChatStatus status, out StatusJsonFallbacks fallbacks)
    {
        var buffer = Encode(status, out fallbacks);
        try
        {
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            Release(buffer);
        }
    }

    /// <summary>Writes a status as a JSON string.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    public static string Serialize(ChatStatus status)
    {
        var buffer = Encode(status, out _);
        try
        {
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            Release(buffer);
        }
    }

    /// <summary>Appends a status as UTF-8 JSON to <paramref name="output"/> (no copy to an intermediate array for the caller).</summary>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="status">The status.</param>
    /// <returns>What was changed to make the status writable and readable (<see cref="StatusJsonFallbacks.None"/> almost always).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static StatusJsonFallbacks Write(IBufferWriter<byte> output, ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(output);
        var buffer = Encode(status, out var fallbacks);
        try
        {
            output.Write(buffer.WrittenSpan);
            return fallbacks;
        }
        finally
        {
            Release(buffer);
        }
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
            { ParentStep: < 0 } => $"Not a valid status: parent step {status.ParentStep} is negative.",
            { ParentStep: { } parent } when parent == status.Step => $"Not a valid status: step {status.Step} is its own parent.",
            { Progress: { } progress } when progress is not (>= 0 and <= 1) => $"Not a valid status: progress {progress.ToString(CultureInfo.InvariantCulture)} is not in [0, 1].",
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

    /// <summary>
    /// The length of <paramref name="status"/>'s JSON as <see cref="SerializeToUtf8Bytes(ChatStatus)"/> writes it (at most
    /// <see cref="MaxInputBytes"/>), without keeping it: what a hub's memory budget weighs a status by.
    /// </summary>
    internal static int EncodedLength(ChatStatus status)
    {
        var buffer = Encode(status, out var fallbacks);
        try
        {
            // A status cut down to fit the wire weighs the limit: what it holds in memory is at least that large.
            const StatusJsonFallbacks cut = StatusJsonFallbacks.DataOmitted | StatusJsonFallbacks.ErrorShortened | StatusJsonFallbacks.DescriptionShortened;
            return (fallbacks & cut) == 0 ? buffer.WrittenSpan.Length : MaxInputBytes;
        }
        finally
        {
            Release(buffer);
        }
    }

    // Writes the status within MaxInputBytes, so that whatever this library writes, it can read back.
    private static LimitedBufferWriter Encode(ChatStatus status, out StatusJsonFallbacks fallbacks)
    {
        ArgumentNullException.ThrowIfNull(status);
        var buffer = t_buffer ??= new LimitedBufferWriter(512);
        fallbacks = StatusJsonFallbacks.None;
        while (true)
        {
            buffer.Reset(MaxInputBytes);
            try
            {
                WriteTo(buffer, status);
                return buffer;
            }
            catch (Exception) when (buffer.Exceeded)
            {
                status = Shorten(status, buffer, ref fallbacks);
            }
            catch (Exception) when (status.Data is null || (fallbacks & (StatusJsonFallbacks.DataUnserializable | StatusJsonFallbacks.DataOmitted)) != 0)
            {
                // Not the data's fault: nothing to fall back on. The thread keeps no oversized buffer for it.
                Release(buffer);
                throw;
            }
            catch (Exception)
            {
                // Whatever Data threw (a cycle, an unsupported type, a throwing getter), the status itself still goes
                // out; if the failure was not Data's, the next attempt throws it again.
                fallbacks |= StatusJsonFallbacks.DataUnserializable;
                status = status with { Data = new UnserializableData(TypeName(status.Data!)) };
            }
        }
    }

    // Too large: the larger of the error and the data goes first (each measured by writing it alone, into the buffer the
    // failed attempt used), then the other, then (only for a status built by hand) the description.
    private static ChatStatus Shorten(ChatStatus status, LimitedBufferWriter buffer, ref StatusJsonFallbacks fallbacks)
    {
        var canOmitData = status.Data is not null && (fallbacks & StatusJsonFallbacks.DataOmitted) == 0;
        var canShortenError = status.Error is not null && (fallbacks & StatusJsonFallbacks.ErrorShortened) == 0;
        if (canShortenError && (!canOmitData || EncodedSize(status.Error!, buffer) > EncodedSize(status.Data!, buffer)))
        {
            fallbacks |= StatusJsonFallbacks.ErrorShortened;
            return status with { Error = Shortened(status.Error!) };
        }

        if (canOmitData)
        {
            fallbacks |= StatusJsonFallbacks.DataOmitted;
            var reason = $"The status would have taken more than {MaxInputBytes} bytes of JSON, the most a reader accepts.";
            return status with { Data = new OmittedData(TypeName(status.Data!), reason) };
        }

        if ((fallbacks & StatusJsonFallbacks.DescriptionShortened) == 0)
        {
            fallbacks |= StatusJsonFallbacks.DescriptionShortened;
            return status with { Description = TextCut.To(status.Description, ShortenedDescriptionLength) };
        }

        throw new InvalidOperationException("A shortened status still did not fit in MaxInputBytes.");
    }

    // The bytes a value takes in JSON (escapes included), up to just past the limit; past it, or if it cannot be written,
    // it counts as larger than anything that fits.
    private static long EncodedSize(object value, LimitedBufferWriter buffer)
    {
        buffer.Reset(MaxInputBytes);

        // Not disposed: disposing flushes, which past the limit would throw again (a writer over a buffer holds nothing else).
        var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth });
        try
        {
            JsonSerializer.Serialize(writer, value, value.GetType(), Options);
            writer.Flush();
            return buffer.WrittenSpan.Length;
        }
        catch (Exception)
        {
            return MaxInputBytes + 1L;
        }
    }

    private static StatusError Shortened(StatusError error)
    {
        StatusError[] omitted = error.InnerErrors.Count == 0
            ? []
            : [new StatusError(StatusError.OmittedType, "Inner errors were left out: the status was too large to send.", null, [])];
        return new StatusError(
            TextCut.To(error.Type, 1_024),
            TextCut.To(error.Message, ShortenedErrorTextLength),
            error.StackTrace is null ? null : TextCut.To(error.StackTrace, ShortenedErrorTextLength),
            omitted);
    }

    private static string TypeName(object data) => data.GetType().FullName ?? data.GetType().Name;

    // A buffer grown by one large status is not kept for the life of the thread.
    private static void Release(LimitedBufferWriter buffer)
    {
        if (buffer.IsOversized)
        {
            t_buffer = null;
            t_writer = null;
        }
    }

    private static void WriteTo(LimitedBufferWriter buffer, ChatStatus status)
    {
        // One writer per thread, reset onto the buffer (which also clears what a failed write left): serializing a
        // status allocates only its result.
        // The reader's depth limit, so nested data a converter writes in one piece (a JsonElement, a JsonNode) is
        // refused here, as unserializable, rather than written and then refused by every reader.
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth });
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, status, StatusInfo);
        writer.Flush();
    }

    private static JsonSerializerOptions CreateOptions(bool dataOnItsOwn)
    {
        // Data is any type: the generated metadata first, reflection for the rest.
        var resolver = JsonTypeInfoResolver.Combine(StatusJsonContext.Default, new DefaultJsonTypeInfoResolver());
        var options = new JsonSerializerOptions(StatusJsonContext.Default.Options)
        {
            TypeInfoResolver = dataOnItsOwn ? resolver.WithAddedModifier(WriteDataOnItsOwn) : resolver,
        };
        options.MakeReadOnly();
        return options;
    }

    private static void WriteDataOnItsOwn(JsonTypeInfo info)
    {
        if (info.Type == typeof(ChatStatus))
        {
            info.Properties.Single(p => p.Name == "data").CustomConverter = DataJsonConverter.Instance;
        }
    }
}
