using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>The tool calls a model response asks the pipeline to run.</summary>
internal static class RequestedToolCalls
{
    /// <summary>The calls of a whole response; <see langword="null"/> when there are none.</summary>
    public static List<FunctionCallContent>? In(ChatResponse response)
    {
        List<FunctionCallContent>? calls = null;
        HashSet<string>? answered = null;
        foreach (var message in response.Messages)
        {
            Add(message.Contents, ref calls, ref answered);
        }

        return WithoutAnswered(calls, answered);
    }

    /// <summary>The calls of what a stream delivered; <see langword="null"/> when there are none.</summary>
    public static List<FunctionCallContent>? In(IList<AIContent> contents)
    {
        List<FunctionCallContent>? calls = null;
        HashSet<string>? answered = null;
        Add(contents, ref calls, ref answered);
        return WithoutAnswered(calls, answered);
    }

    private static void Add(IList<AIContent> contents, ref List<FunctionCallContent>? calls, ref HashSet<string>? answered)
    {
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent { InformationalOnly: false } call)
            {
                (calls ??= []).Add(call);
            }
            else if (contents[i] is FunctionResultContent result)
            {
                (answered ??= new(StringComparer.Ordinal)).Add(result.CallId);
            }
        }
    }

    // A call whose result is in the same response was run by the service (a hosted tool): the function-invocation
    // client marks it informational and runs nothing, so it is no call of the pipeline's.
    private static List<FunctionCallContent>? WithoutAnswered(List<FunctionCallContent>? calls, HashSet<string>? answered)
    {
        if (calls is null || answered is null)
        {
            return calls;
        }

        calls.RemoveAll(call => answered.Contains(call.CallId));
        return calls.Count == 0 ? null : calls;
    }
}
