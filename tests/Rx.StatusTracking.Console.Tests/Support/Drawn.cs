using Rx.StatusTracking.Console;
using Spectre.Console;

namespace Rx.StatusTracking.Console.Tests.Support;

/// <summary>What the view and the line writer make of a tracker, as text to compare.</summary>
internal static class Drawn
{
    /// <summary>The view drawn on a plain console <paramref name="width"/> columns wide, line ends <c>\n</c>.</summary>
    public static string Plain(ChatStatusTracker tracker, StatusLiveViewOptions? options = null, int width = 100)
    {
        var console = new TestConsole().Width(width);
        console.Write(new StatusLiveView(console, options).Render(tracker));
        return console.Output.Replace("\r", "", StringComparison.Ordinal);
    }

    /// <summary>The view drawn on a console with true colour and ANSI sequences.</summary>
    public static string Ansi(StatusLiveView view, ChatStatusTracker tracker, int width = 110)
    {
        var console = new TestConsole().Width(width).Colors(ColorSystem.TrueColor).EmitAnsiSequences();
        console.Write(view.Render(tracker));
        return console.Output;
    }

    /// <summary>The tracker's history as a <see cref="StatusLineWriter"/> writes it, times counted from the first status.</summary>
    public static string[] Lines(ChatStatusTracker tracker)
    {
        var output = new StringWriter { NewLine = "\n" };
        var writer = new StatusLineWriter(output);
        foreach (var status in tracker.History)
        {
            writer.Write(status);
        }

        return output.ToString().Split('\n');
    }
}
