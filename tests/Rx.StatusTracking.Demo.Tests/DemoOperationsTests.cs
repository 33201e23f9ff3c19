using Rx.StatusTracking.Demo.Web;

namespace Rx.StatusTracking.Demo.Tests;

public sealed class DemoOperationsTests
{
    [Fact]
    public void The_serve_loop_skips_an_id_a_client_run_took_instead_of_crashing()
    {
        using var hub = new StatusHub();
        var number = 0;
        Assert.Equal("turn-1", DemoOperations.StartNext(hub, "turn", ref number).Id);

        // An AG-UI client posts runs named like the demo's next turns.
        hub.Create("turn-2");
        hub.Create("turn-3");

        var (id, taken, tracker) = DemoOperations.StartNext(hub, "turn", ref number);

        Assert.Equal(("turn-4", 4), (id, taken));
        Assert.Equal(4, number);
        Assert.True(hub.TryGet("turn-4", out var started));
        Assert.Same(started, tracker);
    }
}
