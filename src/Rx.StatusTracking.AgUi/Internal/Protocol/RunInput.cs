using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>A <c>RunAgentInput</c> read and checked: the ids, the conversation and the client's tool declarations.</summary>
internal sealed record RunInput(string ThreadId, string RunId, IReadOnlyList<ChatMessage> Messages, IReadOnlyList<AITool> Tools, JsonElement Input);
