using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>Tools the tests share.</summary>
internal static class TestTools
{
    /// <summary>"web_search": answers "3 results for {query}".</summary>
    public static readonly AIFunction WebSearch = AIFunctionFactory.Create((string query) => $"3 results for {query}", "web_search");

    /// <summary>"weather_api": always throws HttpRequestException("HTTP 503").</summary>
    public static readonly AIFunction WeatherApi = AIFunctionFactory.Create(string () => throw new HttpRequestException("HTTP 503"), "weather_api");

    /// <summary>"delete_file", which needs approval: answers "deleted".</summary>
    public static readonly AIFunction DeleteFile = new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string path) => "deleted", "delete_file"));

    /// <summary>"finish": asks the function-invocation client to end the request once it returns, and answers "finished".</summary>
    public static readonly AIFunction Finish = AIFunctionFactory.Create(
        () =>
        {
            FunctionInvokingChatClient.CurrentContext!.Terminate = true;
            return "finished";
        },
        "finish");

    /// <summary>A tool that cancels its own request, then stops as a cancelled tool does.</summary>
    public static AIFunction CancelsItsRequest(CancellationTokenSource cancel, string name) =>
        AIFunctionFactory.Create(
            async (CancellationToken token) =>
            {
                await cancel.CancelAsync();
                token.ThrowIfCancellationRequested();
                return "never";
            },
            name);
}
