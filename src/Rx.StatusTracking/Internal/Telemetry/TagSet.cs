using System.Diagnostics;

namespace Rx.StatusTracking.Internal;

/// <summary>Telemetry tags merged status after status: a later value replaces an earlier one, a null value removes it.</summary>
internal sealed class TagSet
{
    private readonly Dictionary<string, object?> _tags = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, object?>> Pairs => _tags;

    public void Set(string key, object? value)
    {
        if (value is null)
        {
            _tags.Remove(key);
        }
        else
        {
            _tags[key] = value;
        }
    }

    /// <summary>Merges what a span carries: the metric tags, then the span-only ones.</summary>
    public void SetSpanTags(IStatusTelemetry? telemetry)
    {
        if (telemetry is not null)
        {
            SetAll(telemetry.MetricTags);
            SetAll(telemetry.SpanTags);
        }
    }

    /// <summary>Merges what a measurement carries: the metric tags only.</summary>
    public void SetMetricTags(IStatusTelemetry? telemetry)
    {
        if (telemetry is not null)
        {
            SetAll(telemetry.MetricTags);
        }
    }

    public TagList ToTagList()
    {
        var tags = default(TagList);
        foreach (var tag in _tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    public void Clear() => _tags.Clear();

    /// <summary>Sets a payload's span tags on an activity, with the same rule (<see cref="Activity.SetTag"/> removes on null).</summary>
    public static void ApplySpanTags(Activity activity, IStatusTelemetry? telemetry)
    {
        if (telemetry is null)
        {
            return;
        }

        foreach (var tag in telemetry.MetricTags)
        {
            activity.SetTag(tag.Key, tag.Value);
        }

        foreach (var tag in telemetry.SpanTags)
        {
            activity.SetTag(tag.Key, tag.Value);
        }
    }

    private void SetAll(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            Set(tag.Key, tag.Value);
        }
    }
}
