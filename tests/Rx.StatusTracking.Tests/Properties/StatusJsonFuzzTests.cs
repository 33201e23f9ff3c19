using System.Text;
using CsCheck;

namespace Rx.StatusTracking.Tests.Properties;

/// <summary>
/// Input from the wire, generated: random bytes, valid statuses with bytes changed, and JSON objects with random
/// fields, types, huge strings and deep nesting. Reading never throws anything but the typed error, and whatever it
/// accepts is a well-formed status that a tracker records without harm.
/// </summary>
public class StatusJsonFuzzTests
{
    private static readonly byte[] Valid = StatusJson.SerializeToUtf8Bytes(new ChatStatus
    {
        Step = 2,
        Description = "Executing web_search tool",
        State = StatusState.Failed,
        Timestamp = DateTimeOffset.UnixEpoch,
        Sequence = 41,
        Data = new { query = "rx", attempts = new[] { 1, 2 } },
        Error = StatusError.From(new AggregateException(new TimeoutException("slow"))),
    });

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 300];

    // A valid status with a few bytes replaced, removed or inserted.
    private static readonly Gen<byte[]> Mutated = Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, 2], Gen.Byte, Gen.Int[1, 4], (at, how, value, times) =>
    {
        var bytes = new List<byte>(Valid);
        for (var i = 0; i < times && bytes.Count > 0; i++)
        {
            var position = (at + (i * 13)) % bytes.Count;
            switch (how)
            {
                case 0:
                    bytes[position] = value;
                    break;
                case 1:
                    bytes.RemoveAt(position);
                    break;
                default:
                    bytes.Insert(position, value);
                    break;
            }
        }

        return bytes.ToArray();
    });

    private static readonly Gen<string> Field = Gen.OneOf("step", "description", "state", "timestamp", "sequence", "data", "error", "isReset", "extra");

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("\"Pending\"", "\"Completed\"", "\"Exploded\"", "\"\"", "null", "true", "[]", "{}", "\"2026-11-28T12:00:00Z\"", "1e400", "-1", "3.5"),
        Gen.Int[0, 200].Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.Int[0, 2_000_000].Select(length => "\"" + new string('x', length) + "\""),
        Gen.Int[0, 5].Select(depth => "{\"type\":\"T\",\"message\":\"m\",\"innerErrors\":" + string.Concat(Enumerable.Repeat("[{\"type\":\"T\",\"message\":\"m\",\"innerErrors\":", depth)) + "[]" + string.Concat(Enumerable.Repeat("}]", depth)) + "}"));

    private static readonly Gen<byte[]> Structured = Gen.Select(Field, Value).Array[0, 9].Select(pairs =>
        Encoding.UTF8.GetBytes("{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}"));

    [Fact]
    public void Random_bytes_are_refused_with_a_reason_never_an_exception() => Check(RandomBytes, 5_000);

    [Fact]
    public void Damaged_statuses_are_refused_or_read_whole() => Check(Mutated, 5_000);

    [Fact]
    public void Objects_with_random_fields_types_sizes_and_depths_are_refused_or_read_whole() => Check(Structured, 2_000);

    private static void Check(Gen<byte[]> inputs, long iterations) =>
        inputs.Sample(
            input =>
            {
                bool accepted;
                ChatStatus? status;
                string? error;
                try
                {
                    accepted = StatusJson.TryDeserialize(input, out status, out error);
                }
                catch (Exception exception)
                {
                    throw new Xunit.Sdk.XunitException($"TryDeserialize threw {exception.GetType().Name}: {exception.Message}");
                }

                if (!accepted)
                {
                    Assert.False(string.IsNullOrWhiteSpace(error));
                    var thrown = Record.Exception(() => StatusJson.Deserialize(input));
                    Assert.IsType<StatusJsonException>(thrown);
                    return;
                }

                Assert.NotNull(status);
                Assert.False(string.IsNullOrEmpty(status.Description));
                Assert.InRange(status.Step, ChatStatus.ResetStep, int.MaxValue);
                Assert.InRange(status.Sequence, 0, long.MaxValue);
                Assert.True(Enum.IsDefined(status.State));

                // What was accepted goes through a tracker without harm, and back out as the same contract.
                using var tracker = new ChatStatusTracker();
                tracker.Update(status);
                Assert.InRange(tracker.History.Count, 0, 1);
                Assert.True(StatusJson.TryDeserialize(StatusJson.SerializeToUtf8Bytes(status), out _, out _));
            },
            iter: iterations,
            print: input => input.Length > 300 ? $"{input.Length} bytes: {Encoding.UTF8.GetString(input, 0, 300)}…" : Encoding.UTF8.GetString(input));
}
