using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Console.Internal;

/// <summary>Draws the guides of a summary's steps in tree order (<see cref="StepTree"/>), as <c>tree</c> does: <c>├─ </c>, <c>└─ </c>, <c>│  </c>.</summary>
internal static class StepTreeRows
{
    /// <summary>
    /// How many levels of guides are drawn: a deeper step is drawn at this indentation, the levels in between shown as
    /// one <c>…</c>, so a very deep chain keeps the step column narrow.
    /// </summary>
    internal const int MaxGuideDepth = 8;

    /// <summary>The steps (given in step order) in tree order, each with the guides drawn before it.</summary>
    public static List<TreeRow> Of(IReadOnlyList<StepSummary> steps)
    {
        var ordered = StepTree.InTreeOrder(steps).ToList();
        var isLast = LastOfTheirSiblings(ordered);

        // Walking down, each level's guide says whether its step has siblings still to come ("│  ") or not ("   ").
        var rows = new List<TreeRow>(ordered.Count);
        var levels = new List<string>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (step, depth) = ordered[i];
            if (depth == 0)
            {
                levels.Clear();
                rows.Add(new TreeRow(step, ""));
                continue;
            }

            levels.RemoveRange(depth - 1, levels.Count - (depth - 1));
            var drawn = depth <= MaxGuideDepth ? levels : [.. levels.Take(MaxGuideDepth - 1), "…  "];
            rows.Add(new TreeRow(step, string.Concat(drawn) + (isLast[i] ? "└─ " : "├─ ")));
            levels.Add(isLast[i] ? "   " : "│  ");
        }

        return rows;
    }

    // Read backwards: a step is the last of its siblings when no step of its depth comes after it before a shallower one.
    private static bool[] LastOfTheirSiblings(List<(StepSummary Step, int Depth)> ordered)
    {
        var isLast = new bool[ordered.Count];
        var siblingFollows = new List<bool>();
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            var depth = ordered[i].Depth;
            while (siblingFollows.Count <= depth)
            {
                siblingFollows.Add(false);
            }

            // Deeper steps read so far belong to this step or to its later siblings, never to an earlier step's children.
            siblingFollows.RemoveRange(depth + 1, siblingFollows.Count - (depth + 1));
            isLast[i] = !siblingFollows[depth];
            siblingFollows[depth] = true;
        }

        return isLast;
    }
}
