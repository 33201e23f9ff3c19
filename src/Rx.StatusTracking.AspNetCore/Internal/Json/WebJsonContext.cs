using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>Source-generated metadata of the endpoints' own types; statuses, summaries and progress come from <see cref="StatusJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OperationList))]
[JsonSerializable(typeof(StatusHeadline))]
[JsonSerializable(typeof(OperationSnapshot))]
[JsonSerializable(typeof(OperationCompletion))]
[JsonSerializable(typeof(StreamGap))]
internal sealed partial class WebJsonContext : JsonSerializerContext;

/// <summary>The data of an event stream's <c>gap</c> event: statuses after <paramref name="After"/> and before <paramref name="ResumedAt"/> are no longer retained.</summary>
internal sealed record StreamGap(long After, long ResumedAt);
