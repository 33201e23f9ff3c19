using System.Text.Json;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// The content of a step's <c>status</c> activity: <c>{step, parentStep?, state, description, progress?, error?}</c>,
/// named as <see cref="StatusJson"/> names them (an error without its stack trace).
/// </summary>
internal sealed record StepActivity(int Step, int? ParentStep, StatusState State, string Description, double? Progress, string? ErrorType, string? ErrorMessage)
{
    public static StepActivity Of(ChatStatus status) =>
        new(status.Step, status.ParentStep, status.State, status.Description, status.Progress, status.Error?.Type, status.Error?.Message);

    public void WriteContent(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("content");
        writer.WriteNumber("step", Step);
        if (ParentStep is { } parent)
        {
            writer.WriteNumber("parentStep", parent);
        }

        writer.WriteString("state", State.ToString());
        writer.WriteString("description", Description);
        if (Progress is { } progress)
        {
            writer.WriteNumber("progress", progress);
        }

        if (ErrorType is not null)
        {
            WriteError(writer, "error");
        }

        writer.WriteEndObject();
    }

    /// <summary>The JSON Patch (RFC 6902) that turns <paramref name="before"/>'s content into this one; empty when nothing changed.</summary>
    public void WritePatch(Utf8JsonWriter writer, StepActivity before)
    {
        writer.WriteStartArray("patch");
        if (ParentStep != before.ParentStep)
        {
            Operation(writer, "/parentStep", before.ParentStep is null, ParentStep is null, w => w.WriteNumber("value", ParentStep!.Value));
        }

        if (State != before.State)
        {
            Operation(writer, "/state", false, false, w => w.WriteString("value", State.ToString()));
        }

        if (Description != before.Description)
        {
            Operation(writer, "/description", false, false, w => w.WriteString("value", Description));
        }

        if (Progress != before.Progress)
        {
            Operation(writer, "/progress", before.Progress is null, Progress is null, w => w.WriteNumber("value", Progress!.Value));
        }

        if (ErrorType != before.ErrorType || ErrorMessage != before.ErrorMessage)
        {
            Operation(writer, "/error", before.ErrorType is null, ErrorType is null, w => WriteError(w, "value"));
        }

        writer.WriteEndArray();
    }

    private static void Operation(Utf8JsonWriter writer, string path, bool wasAbsent, bool isAbsent, Action<Utf8JsonWriter> value)
    {
        writer.WriteStartObject();
        writer.WriteString("op", isAbsent ? "remove" : wasAbsent ? "add" : "replace");
        writer.WriteString("path", path);
        if (!isAbsent)
        {
            value(writer);
        }

        writer.WriteEndObject();
    }

    private void WriteError(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type", ErrorType);
        writer.WriteString("message", ErrorMessage);
        writer.WriteEndObject();
    }
}
