using System.Diagnostics;

namespace Rx.StatusTracking.Telemetry;

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

    public void SetAll(IStatusTelemetry? telemetry)
    {
        if (telemetry is null)
        {
            return;
        }

        foreach (var tag in telemetry.Tags)
        {
            Set(tag.Key, tag.Value);
        }
    }

    public void Clear() => _tags.Clear();

    /// <summary>Sets the payload's tags on an activity, with the same rule (<see cref="Activity.SetTag"/> removes on null).</summary>
    public static void Apply(Activity activity, IStatusTelemetry? telemetry)
    {
        if (telemetry is null)
        {
            return;
        }

        foreach (var tag in telemetry.Tags)
        {
            activity.SetTag(tag.Key, tag.Value);
        }
    }
}
