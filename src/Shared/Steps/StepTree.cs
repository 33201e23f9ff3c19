namespace Rx.StatusTracking.Internal;

/// <summary>
/// Steps in tree order, each parent followed by its children in step order: the one order of the summary's text
/// (<see cref="ExecutionSummary.ToString"/>) and the terminal view's table.
/// </summary>
internal static class StepTree
{
    /// <summary>
    /// The steps (given in step order) with their depth: roots are those without a parent, or whose parent is not among
    /// them; each is followed by its descendants. Steps only a cycle reaches (a stream no tracker checked) come last, as roots.
    /// </summary>
    public static IEnumerable<(StepSummary Step, int Depth)> InTreeOrder(IReadOnlyList<StepSummary> steps)
    {
        if (steps.All(step => step.ParentStep is null))
        {
            return steps.Select(step => (step, 0));
        }

        var present = steps.Select(step => step.Step).ToHashSet();
        var children = steps.Where(step => step.ParentStep is { } parent && present.Contains(parent))
            .ToLookup(step => step.ParentStep!.Value);
        var ordered = new List<(StepSummary, int)>(steps.Count);
        var visited = new HashSet<int>();
        foreach (var root in steps.Where(step => step.ParentStep is not { } parent || !present.Contains(parent)))
        {
            Visit(root, 0);
        }

        foreach (var left in steps.Where(step => !visited.Contains(step.Step)))
        {
            Visit(left, 0);
        }

        return ordered;

        void Visit(StepSummary step, int depth)
        {
            // Depth-first with an explicit stack: a deep chain of children costs no call stack.
            var stack = new Stack<(StepSummary Step, int Depth)>();
            stack.Push((step, depth));
            while (stack.TryPop(out var next))
            {
                if (!visited.Add(next.Step.Step))
                {
                    continue;
                }

                ordered.Add(next);
                foreach (var child in children[next.Step.Step].Reverse())
                {
                    stack.Push((child, next.Depth + 1));
                }
            }
        }
    }
}
