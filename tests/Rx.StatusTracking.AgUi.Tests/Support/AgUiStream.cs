using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>One SSE event of an AG-UI stream: its <c>id:</c> and its data (one line of JSON) as sent.</summary>
internal sealed record AgUiEvent(string? Id, string Data)
{
    public JsonObject Json => JsonNode.Parse(Data)!.AsObject();

    public string Type => (string)Json["type"]!;

    /// <summary>The event as sent: its id, then its JSON.</summary>
    public override string ToString() => $"{Id} {Data}";
}

/// <summary>Posts RunAgentInputs and reads AG-UI event streams as the SSE specification parses them.</summary>
internal static class AgUiStream
{
    public static string Input(string runId, string question = "What is the weather in Oslo?", string threadId = "thread-1") =>
        JsonSerializer.Serialize(new
        {
            threadId,
            runId,
            state = new { },
            messages = new object[] { new { id = "user-1", role = "user", content = question } },
            tools = Array.Empty<object>(),
            context = Array.Empty<object>(),
            forwardedProps = new { },
        });

    public static HttpRequestMessage Post(Uri endpoint, string body, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return request;
    }

    /// <summary>Every event until the response ends (comments and the retry field left out), or the first <paramref name="count"/>.</summary>
    public static async Task<List<AgUiEvent>> ReadAsync(HttpResponseMessage response, int count = int.MaxValue, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        var events = new List<AgUiEvent>();
        string? id = null;
        var data = new StringBuilder();
        while (events.Count < count && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    events.Add(new AgUiEvent(id, data.ToString()));
                }

                id = null;
                data.Clear();
                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        return events;
    }
}
