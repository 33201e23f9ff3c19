namespace Rx.StatusTracking.Console.Internal;

/// <summary>Puts a summary's steps in tree order and draws the tree's guides, as <c>tree</c> does: <c>├─ </c>, <c>└─ </c>, <c>│  </c>.</summary>
internal static class StepTreeRows
{
    /// <summary>
    /// How many levels of guides are drawn: a deeper step is drawn at this indentation, the levels in between shown as
    /// one <c>…</c>, so a very deep chain keeps the step column narrow.
    /// </summary>
    internal const int MaxGuideDepth = 8;

    /// <summary>
    /// The steps (given in step order) in tree order: roots (steps without a parent, or whose parent is not among them)
    /// in step order, each followed depth-first by its children in step order. Steps only a cycle reaches (possible in
    /// imported statuses, never in a tracker's own) come last, as roots, so no step is lost.
    /// </summary>
    public static List<TreeRow> Of(IReadOnlyList<StepSummary> steps)
    {
        var rows = new List<TreeRow>(steps.Count);
        if (steps.All(step => step.ParentStep is null))
        {
            rows.AddRange(steps.Select(step => new TreeRow(step, "")));
            return rows;
        }

        var present = steps.Select(step => step.Step).ToHashSet();
        var children = new Dictionary<int, List<StepSummary>>();
        foreach (var step in steps)
        {
            if (step.ParentStep is { } parent && present.Contains(parent))
            {
                (children.TryGetValue(parent, out var siblings) ? siblings : children[parent] = []).Add(step);
            }
        }

        var visited = new HashSet<int>();
        var stack = new Stack<(StepSummary Step, int Depth, bool IsLast, string Inherited)>();
        foreach (var root in steps.Where(step => step.ParentStep is not { } parent || !present.Contains(parent)))
        {
            Walk(root);
        }

        foreach (var left in steps.Where(step => !visited.Contains(step.Step)))
        {
            Walk(left);
        }

        return rows;

        // Depth-first with an explicit stack: a deep chain of children costs no call stack.
        void Walk(StepSummary root)
        {
            stack.Push((root, 0, true, ""));
            while (stack.TryPop(out var next))
            {
                if (!visited.Add(next.Step.Step))
                {
                    continue;
                }

                rows.Add(new TreeRow(next.Step, next.Depth == 0 ? "" : next.Inherited + (next.IsLast ? "└─ " : "├─ ")));
                if (!children.TryGetValue(next.Step.Step, out var below))
                {
                    continue;
                }

                var inherited = next.Depth switch
                {
                    0 => "",
                    < MaxGuideDepth => next.Inherited + (next.IsLast ? "   " : "│  "),
                    MaxGuideDepth => next.Inherited + "…  ",
                    _ => next.Inherited,
                };
                for (var i = below.Count - 1; i >= 0; i--)
                {
                    stack.Push((below[i], next.Depth + 1, i == below.Count - 1, inherited));
                }
            }
        }
    }
}
