using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rx.StatusTracking.AspNetCore;

/// <summary>
/// The JSON the endpoints write: <see cref="StatusJson"/>'s contract for statuses (so data that cannot be
/// serialized never breaks a response), and stack traces left out unless error details are allowed.
/// </summary>
internal sealed class WebJson
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    // Every connection following an operation receives the same ChatStatus instances: encode each once, not once
    // per connection. Weak keys: an entry lives exactly as long as its status (in history or in some buffer).
    private readonly ConditionalWeakTable<ChatStatus, byte[]> _encoded = [];
    private readonly ConditionalWeakTable<ChatStatus, byte[]>.CreateValueCallback _encode;

    public WebJson(bool includeErrorDetails)
    {
        IncludeErrorDetails = includeErrorDetails;
        var options = new JsonSerializerOptions(StatusJson.Options);
        options.TypeInfoResolverChain.Insert(0, WebJsonContext.Default);
        options.Converters.Add(new StatusConverter(this));
        options.MakeReadOnly();
        Options = options;
        _encode = status =>
        {
            var scratch = t_scratch ??= new ArrayBufferWriter<byte>(512);
            scratch.ResetWrittenCount();
            StatusJson.Write(scratch, Redact(status));
            return scratch.WrittenSpan.ToArray();
        };
    }

    public bool IncludeErrorDetails { get; }

    public JsonSerializerOptions Options { get; }

    public JsonTypeInfo<T> InfoOf<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>The status's JSON, encoded once however many connections send it.</summary>
    public ReadOnlyMemory<byte> Encode(ChatStatus status) => _encoded.GetValue(status, _encode);

    public void WriteStatus(IBufferWriter<byte> output, ChatStatus status) => output.Write(Encode(status).Span);

    public void Write<T>(IBufferWriter<byte> output, T value)
    {
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, value, InfoOf<T>());
    }

    private ChatStatus Redact(ChatStatus status) =>
        IncludeErrorDetails || status.Error is null ? status : status with { Error = WithoutStackTraces(status.Error) };

    private static StatusError WithoutStackTraces(StatusError error) =>
        error with { StackTrace = null, InnerErrors = [.. error.InnerErrors.Select(WithoutStackTraces)] };

    // Statuses nested in a snapshot or summary go through the same contract as streamed ones.
    private sealed class StatusConverter(WebJson json) : JsonConverter<ChatStatus>
    {
        public override ChatStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<ChatStatus>)StatusJson.Options.GetTypeInfo(typeof(ChatStatus)))
                ?? throw new StatusJsonException("Not a valid status: the JSON is null.");

        public override void Write(Utf8JsonWriter writer, ChatStatus value, JsonSerializerOptions options)
        {
            writer.WriteRawValue(json.Encode(value).Span, skipInputValidation: true);
        }
    }
}
