using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client.Tests.Support;

namespace Rx.StatusTracking.Client.Tests.Docs;

public class ReadmeClientExampleTests
{
    [Fact]
    public void The_READMEs_client_example_is_the_compiled_one()
    {
        var shown = ReadmeSnippets.Shown("README.md", "### Following an operation from .NET");

        Assert.Equal(ReadmeSnippets.Compiled("ReadmeClientExample.cs.txt"), shown);
    }

    [Fact]
    public void The_package_READMEs_example_is_the_compiled_one()
    {
        var shown = ReadmeSnippets.Shown("PackageReadme.md");

        Assert.Equal(ReadmeSnippets.Compiled("ReadmeClientExample.cs.txt"), shown);
    }

    [Fact]
    public async Task The_example_mirrors_a_served_operation_to_its_end()
    {
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { CutAfterEvents = 5, Cut = CutKind.BreakConnection });
        var turn = web.Hub.Create("turn-42");
        Operations.ReportChatTurn(turn, complete: false);
        using var http = new HttpClient(web.Faults.ClientHandler()) { BaseAddress = web.Server.Address };
        using var stopping = new CancellationTokenSource(ClientServer.Bound);

        var following = ReadmeClientExample.RunAsync(http, stopping.Token);
        turn.Complete();
        var summary = await following;

        // The same steps, attempts, durations and failures; only the total differs (the mirror completed later).
        var served = turn.GetSummary();
        Assert.Equal(served.Steps, summary.Steps);
        Assert.Equal(served.Failures.Select(f => (f.Sequence, f.Description, f.Error!.Type)), summary.Failures.Select(f => (f.Sequence, f.Description, f.Error!.Type)));
        Assert.Equal((6, 6, 0), (summary.TotalSteps, summary.CompletedSteps, summary.FailedSteps));
        Assert.Equal(3, web.Faults.Requests.Count); // 14 statuses and the completion, cut every 5 events
    }
}
