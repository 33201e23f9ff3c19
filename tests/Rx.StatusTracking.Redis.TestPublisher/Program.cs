// Usage: dotnet Rx.StatusTracking.Redis.TestPublisher.dll <redis host:port> <operation id> <key prefix>
// Runs one scripted operation in a hub, publishes it to Redis, then prints the tracker's statuses as JSON lines
// (the truth the consuming test compares against) and exits 0 once Redis has everything.
using Rx.StatusTracking;
using Rx.StatusTracking.Redis;
using StackExchange.Redis;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: <redis host:port> <operation id> <key prefix>");
    return 2;
}

await using var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
using var hub = new StatusHub();
var publisher = new RedisStatusPublisher(redis, new RedisPublisherOptions { KeyPrefix = args[2] });
using var publishing = publisher.PublishHub(hub);

var tracker = hub.Create(args[1]);
var seen = new List<ChatStatus>();
tracker.Subscribe(seen.Add);
tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
tracker.Completed(1, ChatStatusMessages.QueryPrepared);
tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search"), new { query = "rx", attempt = 1 });
await Task.Delay(50);
tracker.Failed(2, ChatStatusMessages.ToolFailed("web_search", "timeout"), new TimeoutException("The search timed out."));
tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search"), new { query = "rx", attempt = 2 });
await Task.Delay(50);
tracker.Completed(2, ChatStatusMessages.ToolCompleted("web_search"));
tracker.Completed(3, ChatStatusMessages.ReceivedFinal);
tracker.Complete();

await publisher.FlushAsync();
await publisher.DisposeAsync();
foreach (var status in seen)
{
    Console.WriteLine(StatusJson.Serialize(status));
}

return 0;
