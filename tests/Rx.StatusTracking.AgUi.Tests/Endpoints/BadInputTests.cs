using System.Net;
using System.Text;
using System.Text.Json;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class BadInputTests
{
    public static TheoryData<string, string> MalformedInputs => new()
    {
        { "{", "The body is not JSON (a RunAgentInput was expected): " },
        { "[]", "The body must be a JSON object: a RunAgentInput." },
        { """{"runId":"r","messages":[]}""", "RunAgentInput.threadId is required and must be a string." },
        { """{"threadId":"t","runId":7,"messages":[]}""", "RunAgentInput.runId is required and must be a string." },
        { """{"threadId":"t","runId":"r"}""", "RunAgentInput.messages must be an array of messages." },
        { """{"threadId":"t","runId":"r","messages":[{"id":"m","role":"robot","content":"hi"}]}""", "RunAgentInput.messages[0].role must be one of user, assistant, tool, system, developer, activity, reasoning (it is \"robot\")." },
        { """{"threadId":"t","runId":"r","messages":[{"role":"user","content":"hi"}]}""", "RunAgentInput.messages[0].id is required and must be a string." },
        { """{"threadId":"t","runId":"r","messages":[{"id":"m","role":"user","content":5}]}""", "RunAgentInput.messages[0].content must be a string or an array of parts." },
        { """{"threadId":"t","runId":"r","messages":[{"id":"m","role":"assistant","toolCalls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{oops"}}]}]}""", "RunAgentInput.messages[0].toolCalls[0].function.arguments is not JSON: " },
        { """{"threadId":"t","runId":"r","messages":[{"id":"m","role":"tool","content":"x"}]}""", "RunAgentInput.messages[0].toolCallId is required and must be a string." },
        { """{"threadId":"t","runId":"r","messages":[],"tools":[{"name":"f"}]}""", "RunAgentInput.tools[0].description is required and must be a string." },
        { """{"threadId":"t","runId":"r","messages":[],"tools":{}}""", "RunAgentInput.tools must be an array." },
        { """{"threadId":"t","runId":"r","messages":[],"context":[{"description":"d"}]}""", "RunAgentInput.context[0].value is required and must be a string." },
        { """{"threadId":"t","runId":"a b","messages":[]}""", "RunAgentInput.runId is not a valid operation id: " },
        { """{"threadId":"t","runId":"r","messages":[{"id":"m","role":"assistant","toolCalls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":1,\"a\":2}"}}]}]}""", "RunAgentInput.messages[0].toolCalls[0].function.arguments has the argument \"a\" more than once." },
        { """{"threadId":"\ud800","runId":"r","messages":[]}""", "RunAgentInput.threadId is not valid text (it escapes a lone UTF-16 surrogate)." },
        { """{"threadId":"t","runId":"r","messages":[],"tools":[{"name":"","description":"d"}]}""", "RunAgentInput.tools[0].name must not be blank." },
        { """{"threadId":"t","runId":"r","messages":[{"id":"m","role":"assistant","toolCalls":[{"id":"","type":"function","function":{"name":"f","arguments":"{}"}}]}],"resume":[{"interruptId":"","status":"resolved"}]}""", "RunAgentInput.resume[0].interruptId must not be blank." },
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public async Task A_malformed_RunAgentInput_answers_400_with_a_problem_naming_the_field_and_runs_nothing(string body, string detail)
    {
        using var hub = new StatusHub();
        var model = new ScriptedChatClient();
        await using var server = await AgUiServer.StartAsync(hub, model);

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, body));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, detail);
        Assert.Empty(hub.OperationIds);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413_whether_its_length_is_announced_or_not()
    {
        using var hub = new StatusHub();
        await using var server = await AgUiServer.StartAsync(hub, new ScriptedChatClient(), new AgUiEndpointOptions { MaxRequestBodyBytes = 1024 });
        var body = AgUiStream.Input("run-1", question: new string('x', 2000));

        using var announced = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, body));
        var chunked = AgUiStream.Post(server.Endpoint, body);
        chunked.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.TransferEncodingChunked = true;
        using var unannounced = await server.Client.SendAsync(chunked);

        await AssertProblemAsync(announced, HttpStatusCode.RequestEntityTooLarge, "The RunAgentInput is larger than this endpoint accepts (1024 bytes).");
        await AssertProblemAsync(unannounced, HttpStatusCode.RequestEntityTooLarge, "The RunAgentInput is larger than this endpoint accepts (1024 bytes).");
        Assert.Empty(hub.OperationIds);
    }

    [Fact]
    public async Task The_access_check_of_the_status_endpoints_refuses_a_run_with_403()
    {
        using var hub = new StatusHub();
        var asked = new List<string>();
        var options = new AgUiEndpointOptions
        {
            AuthorizeOperation = (_, runId) =>
            {
                asked.Add(runId);
                return ValueTask.FromResult(runId.StartsWith("mine-", StringComparison.Ordinal));
            },
        };
        var model = new ScriptedChatClient();
        await using var server = await AgUiServer.StartAsync(hub, model, options);

        using var refused = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("theirs-1")));

        await AssertProblemAsync(refused, HttpStatusCode.Forbidden, "You may not run or resume this run.");
        Assert.Equal(["theirs-1"], asked);
        Assert.Empty(hub.OperationIds);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task A_new_run_with_an_existing_id_answers_409_and_a_resume_of_an_unknown_run_404()
    {
        using var hub = new StatusHub();
        await using var server = await AgUiServer.StartAsync(hub, Turns.SearchThenAnswer(), new AgUiEndpointOptions { Tools = { Turns.WebSearch } });
        using (var first = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")), HttpCompletionOption.ResponseHeadersRead))
        {
            await AgUiStream.ReadAsync(first);
        }

        using var again = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")));
        using var unknown = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-2"), lastEventId: "3"));
        using var otherThread = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1", threadId: "thread-2"), lastEventId: "3"));
        using var notANumber = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1"), lastEventId: "three"));
        using var pastTheEnd = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1"), lastEventId: "24"));

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "A run with this runId exists: resume it with Last-Event-ID, or start a new run with a new runId.");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "No such run to resume (it may have ended and been evicted): start a new run with a new runId.");
        await AssertProblemAsync(otherThread, HttpStatusCode.Conflict, "This run belongs to another thread.");
        await AssertProblemAsync(notANumber, HttpStatusCode.BadRequest, "Last-Event-ID must be an event id of this run: a whole number, 0 or more.");
        await AssertProblemAsync(pastTheEnd, HttpStatusCode.BadRequest, "Last-Event-ID is past this run's events (it has sent 23 so far).");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailStart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.StartsWith(detailStart, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
