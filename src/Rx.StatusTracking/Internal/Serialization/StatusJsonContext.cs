using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rx.StatusTracking.Internal;

/// <summary>Source-generated metadata of the wire contract (see <see cref="StatusJson"/>).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    Converters = [typeof(StatusStateJsonConverter)],
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatStatus))]
[JsonSerializable(typeof(StatusError))]
[JsonSerializable(typeof(StepSummary))]
[JsonSerializable(typeof(ExecutionSummary))]
[JsonSerializable(typeof(ProgressSnapshot))]
[JsonSerializable(typeof(StepProgress))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(UnserializableData))]
[JsonSerializable(typeof(OmittedData))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;

/// <summary>States as their names only: a number such as <c>7</c> would smuggle in an undefined state.</summary>
internal sealed class StatusStateJsonConverter() : JsonStringEnumConverter<StatusState>(namingPolicy: null, allowIntegerValues: false);
