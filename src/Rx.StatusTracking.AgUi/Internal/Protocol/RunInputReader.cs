using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// Reads a posted <c>RunAgentInput</c> (AG-UI 1.0) strictly: what the endpoint relies on must be there with its type,
/// and every refusal is a <see cref="RunInputException"/> naming the field (the endpoint answers it with 400).
/// Fields the endpoint does not use (state, forwardedProps, resume, unknown ones) are kept in <see cref="RunInput.Input"/>.
/// </summary>
internal static class RunInputReader
{
    private const int MaxDepth = 64;

    private static readonly JsonElement EmptyParameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static RunInput Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw new RunInputException($"The body is not JSON (a RunAgentInput was expected): {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RunInputException("The body must be a JSON object: a RunAgentInput.");
            }

            var threadId = RequiredString(root, "threadId", "RunAgentInput");
            var runId = RequiredString(root, "runId", "RunAgentInput");
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                throw new RunInputException("RunAgentInput.messages must be an array of messages.");
            }

            var chat = new List<ChatMessage>();
            var index = 0;
            foreach (var message in messages.EnumerateArray())
            {
                if (ReadMessage(message, $"RunAgentInput.messages[{index}]") is { } read)
                {
                    chat.Add(read);
                }

                index++;
            }

            var tools = new List<AITool>();
            if (OptionalArray(root, "tools", "RunAgentInput") is { } declared)
            {
                index = 0;
                foreach (var tool in declared.EnumerateArray())
                {
                    tools.Add(ReadTool(tool, $"RunAgentInput.tools[{index++}]"));
                }
            }

            if (OptionalArray(root, "context", "RunAgentInput") is { } context)
            {
                index = 0;
                foreach (var entry in context.EnumerateArray())
                {
                    var path = $"RunAgentInput.context[{index++}]";
                    RequireObject(entry, path);
                    RequiredString(entry, "description", path);
                    RequiredString(entry, "value", path);
                }
            }

            if (ReadApprovals(root, chat) is { } approvals)
            {
                chat.Add(approvals);
            }

            return new RunInput(threadId, runId, chat, tools, root.Clone());
        }
    }

    // Resume entries answering the endpoint's tool-approval interrupts (interrupt id = the call's id) become approval
    // answers for the function-invocation client: approved when resolved (unless the payload says "approved": false),
    // rejected when cancelled; the call they answer becomes the approval request it was. Other entries stay in the input
    // for the run's own code.
    private static ChatMessage? ReadApprovals(JsonElement root, List<ChatMessage> chat)
    {
        if (OptionalArray(root, "resume", "RunAgentInput") is not { } resume)
        {
            return null;
        }

        var calls = chat.SelectMany(m => m.Contents).OfType<FunctionCallContent>().GroupBy(c => c.CallId).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var answers = new List<AIContent>();
        var index = 0;
        foreach (var entry in resume.EnumerateArray())
        {
            var path = $"RunAgentInput.resume[{index++}]";
            RequireObject(entry, path);
            var interruptId = RequiredName(entry, "interruptId", path);
            var status = RequiredString(entry, "status", path);
            if (status is not ("resolved" or "cancelled"))
            {
                throw new RunInputException($"{path}.status must be \"resolved\" or \"cancelled\" (it is \"{status}\").");
            }

            if (calls.TryGetValue(interruptId, out var call))
            {
                // In the conversation the call was asked for approval, as the function-invocation client expects to find it.
                foreach (var message in chat.Where(m => m.Contents.Contains(call)))
                {
                    message.Contents[message.Contents.IndexOf(call)] = new ToolApprovalRequestContent(interruptId, call);
                }

                var refused = entry.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                    && payload.TryGetProperty("approved", out var approved) && approved.ValueKind == JsonValueKind.False;
                answers.Add(new ToolApprovalResponseContent(interruptId, status == "resolved" && !refused, call));
            }
        }

        return answers.Count > 0 ? new ChatMessage(ChatRole.User, answers) : null;
    }

    private static ChatMessage? ReadMessage(JsonElement message, string path)
    {
        RequireObject(message, path);
        var id = RequiredString(message, "id", path);
        var role = RequiredString(message, "role", path);
        ChatMessage? read = role switch
        {
            "user" => new ChatMessage(ChatRole.User, ReadContent(message, path, required: true)),
            "system" or "developer" => new ChatMessage(ChatRole.System, [new TextContent(RequiredString(message, "content", path))]),
            "assistant" => ReadAssistant(message, path),
            "tool" => new ChatMessage(ChatRole.Tool, [new FunctionResultContent(RequiredString(message, "toolCallId", path), ContentText(message, path))]),
            // Not conversation: the client's own renderings of progress and reasoning.
            "activity" or "reasoning" => null,
            _ => throw new RunInputException($"{path}.role must be one of user, assistant, tool, system, developer, activity, reasoning (it is \"{role}\")."),
        };
        if (read is not null)
        {
            read.MessageId = id;
        }

        return read;
    }

    private static ChatMessage ReadAssistant(JsonElement message, string path)
    {
        var contents = ReadContent(message, path, required: false);
        if (OptionalArray(message, "toolCalls", path) is { } calls)
        {
            var index = 0;
            foreach (var call in calls.EnumerateArray())
            {
                var callPath = $"{path}.toolCalls[{index++}]";
                RequireObject(call, callPath);
                var callId = RequiredString(call, "id", callPath);
                if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
                {
                    throw new RunInputException($"{callPath}.function must be an object with a name and arguments.");
                }

                var name = RequiredString(function, "name", $"{callPath}.function");
                var arguments = RequiredString(function, "arguments", $"{callPath}.function");
                contents.Add(new FunctionCallContent(callId, name, ReadArguments(arguments, $"{callPath}.function.arguments")));
            }
        }

        return new ChatMessage(ChatRole.Assistant, contents);
    }

    private static Dictionary<string, object?>? ReadArguments(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var arguments = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (arguments.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RunInputException($"{path} must be a JSON object written as a string.");
            }

            var read = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var argument in arguments.RootElement.EnumerateObject())
            {
                if (!read.TryAdd(argument.Name, argument.Value.Clone()))
                {
                    throw new RunInputException($"{path} has the argument \"{argument.Name}\" more than once.");
                }
            }

            return read;
        }
        catch (JsonException e)
        {
            throw new RunInputException($"{path} is not JSON: {e.Message}");
        }
    }

    private static AITool ReadTool(JsonElement tool, string path)
    {
        RequireObject(tool, path);
        var name = RequiredName(tool, "name", path);
        var description = RequiredString(tool, "description", path);
        var parameters = tool.TryGetProperty("parameters", out var schema) && schema.ValueKind != JsonValueKind.Null ? schema.Clone() : EmptyParameters;
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new RunInputException($"{path}.parameters must be a JSON schema object.");
        }

        return AIFunctionFactory.CreateDeclaration(name, description, parameters);
    }

    // A message's content: a string, or (user and tool messages) an array of parts of which the text ones are kept.
    private static List<AIContent> ReadContent(JsonElement message, string path, bool required)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new RunInputException($"{path}.content is required: a string or an array of parts.") : [];
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return [new TextContent(Text(content, $"{path}.content"))];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new RunInputException($"{path}.content must be a string or an array of parts.");
        }

        var parts = new List<AIContent>();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{index++}]";
            RequireObject(part, partPath);
            if (RequiredString(part, "type", partPath) == "text")
            {
                parts.Add(new TextContent(RequiredString(part, "text", partPath)));
            }
        }

        return parts;
    }

    private static string ContentText(JsonElement message, string path) =>
        string.Concat(ReadContent(message, path, required: true).OfType<TextContent>().Select(t => t.Text));

    private static string RequiredString(JsonElement value, string name, string path) =>
        value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? Text(property, $"{path}.{name}")
            : throw new RunInputException($"{path}.{name} is required and must be a string.");

    // A name something is looked up or declared by: a blank one is refused here, not by the API it is handed to.
    private static string RequiredName(JsonElement value, string name, string path)
    {
        var text = RequiredString(value, name, path);
        return string.IsNullOrWhiteSpace(text) ? throw new RunInputException($"{path}.{name} must not be blank.") : text;
    }

    // JSON may escape a lone surrogate (\ud800), which is no text: reading it throws InvalidOperationException.
    private static string Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new RunInputException($"{path} is not valid text (it escapes a lone UTF-16 surrogate).");
        }
    }

    private static JsonElement? OptionalArray(JsonElement value, string name, string path)
    {
        if (!value.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return property.ValueKind == JsonValueKind.Array ? property : throw new RunInputException($"{path}.{name} must be an array.");
    }

    private static void RequireObject(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new RunInputException($"{path} must be a JSON object.");
        }
    }
}
