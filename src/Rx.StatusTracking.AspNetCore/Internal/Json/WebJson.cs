using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// The JSON the endpoints write: <see cref="StatusJson"/>'s contract for statuses (so data that cannot be
/// serialized never breaks a response, and a status over 1 MiB is sent shortened), stack traces left out unless error
/// details are allowed, and every fallback StatusJson applied logged once per status.
/// </summary>
internal sealed class WebJson
{
    // The operation whose response is being written on this thread: statuses nested in a snapshot or a completion reach
    // the converter without it, and a fallback report names it.
    [ThreadStatic]
    private static string? t_operationId;

    // Every connection following an operation receives the same ChatStatus instances: encode each once, not once
    // per connection. Weak keys: an entry lives exactly as long as its status (in history or in some buffer).
    private readonly ConditionalWeakTable<ChatStatus, byte[]> _encoded = [];
    private readonly ILogger _logger;

    public WebJson(bool includeErrorDetails, ILogger logger)
    {
        IncludeErrorDetails = includeErrorDetails;
        _logger = logger;
        var options = new JsonSerializerOptions(StatusJson.Options);
        options.TypeInfoResolverChain.Insert(0, WebJsonContext.Default);
        options.Converters.Add(new StatusConverter(this));
        options.MakeReadOnly();
        Options = options;
    }

    public bool IncludeErrorDetails { get; }

    public JsonSerializerOptions Options { get; }

    public JsonTypeInfo<T> InfoOf<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>
    /// The status's JSON, encoded once however many connections send it; a StatusJson fallback is logged once, by the
    /// encoding that is kept.
    /// </summary>
    public ReadOnlyMemory<byte> Encode(ChatStatus status, string? operationId)
    {
        if (_encoded.TryGetValue(status, out var encoded))
        {
            return encoded;
        }

        encoded = StatusJson.SerializeToUtf8Bytes(Redact(status), out var fallbacks);
        if (!_encoded.TryAdd(status, encoded))
        {
            // Another connection encoded it at the same moment: send its bytes, and leave the report to it.
            return _encoded.TryGetValue(status, out var first) ? first : encoded;
        }

        if (fallbacks != StatusJsonFallbacks.None)
        {
            if (operationId is null)
            {
                StatusEndpointLog.StatusFallbackOfUnnamedOperation(_logger, status.Sequence, status.Step, fallbacks);
            }
            else
            {
                StatusEndpointLog.StatusFallback(_logger, status.Sequence, status.Step, operationId, fallbacks);
            }
        }

        return encoded;
    }

    public void WriteStatus(IBufferWriter<byte> output, ChatStatus status, string operationId) => output.Write(Encode(status, operationId).Span);

    /// <summary>Writes a response value; <paramref name="operationId"/> names the operation its statuses belong to.</summary>
    public void Write<T>(IBufferWriter<byte> output, T value, string? operationId)
    {
        var outer = t_operationId;
        t_operationId = operationId;
        try
        {
            using var writer = new Utf8JsonWriter(output);
            JsonSerializer.Serialize(writer, value, InfoOf<T>());
        }
        finally
        {
            t_operationId = outer;
        }
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
            writer.WriteRawValue(json.Encode(value, t_operationId).Span, skipInputValidation: true);
        }
    }
}
