using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// A real Redis Cluster: six <c>redis-server --cluster-enabled yes</c> child processes on free loopback ports (three
/// masters, three replicas), no persistence, each with its own <c>nodes.conf</c> in a temp folder, joined with
/// <c>redis-cli --cluster create</c>. Nodes can be killed (SIGKILL, as a crash), restarted empty, and a key's slot moved
/// live. Every process is killed by its id on disposal, or when starting fails, and the folder removed.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    /// <summary>
    /// How long a node may be unreachable before the cluster fails it over. Short, so a failover test takes about two
    /// seconds (measured here: about 1.3 s until the cluster reports the failure, 2.3 s until a replica serves again).
    /// </summary>
    public const int NodeTimeoutMs = 1000;

    private const int Nodes = 6;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly int[] _ports = new int[Nodes];
    private readonly Process?[] _processes = new Process?[Nodes];
    private string _folder = "";

    /// <summary>How long the last <see cref="InitializeAsync"/> took, from the first process started to every node reporting <c>cluster_state:ok</c>.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>The ports of the six nodes (which are masters changes with failovers).</summary>
    public IReadOnlyList<int> Ports => _ports;

    /// <summary>The ports of the nodes running now.</summary>
    public IEnumerable<int> RunningPorts => _ports.Where((_, i) => _processes[i] is { HasExited: false });

    /// <summary>The endpoints of every node, as a client lists them.</summary>
    public string Endpoints => string.Join(',', _ports.Select(p => $"127.0.0.1:{p}"));

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is null)
        {
            // Skipped locally by [RedisFact]; under CI the tests fail on their own with the install hint.
            return;
        }

        var started = Stopwatch.StartNew();
        _folder = Directory.CreateTempSubdirectory("rx-cluster-").FullName;
        AppDomain.CurrentDomain.ProcessExit += KillAll;
        try
        {
            FreePorts().CopyTo(_ports, 0);
            await Task.WhenAll(Enumerable.Range(0, Nodes).Select(StartNodeAsync));
            var create = await CliAsync(_ports[0], ["--cluster", "create", .. _ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "1", "--cluster-yes"]);
            if (!create.Contains("[OK] All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed:\n{create}");
            }

            await WaitUntilWholeAsync();
            StartTime = started.Elapsed;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        KillAll(null, EventArgs.Empty);
        AppDomain.CurrentDomain.ProcessExit -= KillAll;
        if (_folder.Length > 0 && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>A connection configured as a service would: keeps trying while nodes are down, short timeouts.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(RedisServer.ServiceOptions(Endpoints));

    /// <summary>Runs <c>redis-cli -p <paramref name="port"/></c> with these arguments and returns what it printed.</summary>
    public static async Task<string> CliAsync(int port, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(RedisServer.Executable)!, "redis-cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Bound);
        return await output + await error;
    }

    /// <summary>The hash slot of a key (<c>CLUSTER KEYSLOT</c>).</summary>
    public async Task<int> SlotOfAsync(string key) =>
        int.Parse((await CliAsync(RunningPorts.First(), "CLUSTER", "KEYSLOT", key)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The port of the master that serves a key now, as a running node sees the cluster.</summary>
    public async Task<int> MasterOfAsync(string key)
    {
        var slot = await SlotOfAsync(key);
        return (await NodesAsync(RunningPorts.First())).Single(n => n.IsMaster && n.Serves(slot)).Port;
    }

    /// <summary>The port of a master other than <paramref name="port"/>'s.</summary>
    public async Task<int> OtherMasterAsync(int port) =>
        (await NodesAsync(RunningPorts.First())).First(n => n.IsMaster && n.Port != port && n.Slots.Count > 0).Port;

    /// <summary>
    /// Kills the master that serves <paramref name="key"/> (SIGKILL) and returns once a replica serves its slots and every
    /// running node reports <c>cluster_state:ok</c>; returns how long that took from the kill.
    /// </summary>
    public async Task<(int Port, TimeSpan FailoverTime)> KillMasterOfAsync(string key)
    {
        var slot = await SlotOfAsync(key);
        var master = await MasterOfAsync(key);
        var killed = Stopwatch.StartNew();
        Kill(master);
        await WaitUntilAsync(async () =>
        {
            foreach (var port in RunningPorts)
            {
                if (!await IsOkAsync(port) || !(await NodesAsync(port)).Any(n => n.IsMaster && n.Port != master && n.Serves(slot)))
                {
                    return false;
                }
            }

            return true;
        }, $"the slot {slot} failing over from the killed master {master}");
        return (master, killed.Elapsed);
    }

    /// <summary>Kills a node (SIGKILL, as a crash would) and waits for it to be gone.</summary>
    public void Kill(int port)
    {
        var i = Array.IndexOf(_ports, port);
        if (_processes[i] is { } process)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
            _processes[i] = null;
        }
    }

    /// <summary>
    /// Starts a killed node again, empty, with its <c>nodes.conf</c>: it rejoins (as a replica, once its slots failed over)
    /// and loads its master's data; returns once the whole cluster is healthy (see <see cref="WaitUntilWholeAsync"/>).
    /// </summary>
    public async Task RestartAsync(int port)
    {
        await StartNodeAsync(Array.IndexOf(_ports, port));
        await WaitUntilWholeAsync();
    }

    /// <summary>Restarts every killed node, so a test that kills nodes leaves (or finds) a whole cluster.</summary>
    public async Task RestoreAsync()
    {
        var dead = _ports.Where((_, i) => _processes[i] is null or { HasExited: true }).ToArray();
        foreach (var port in dead)
        {
            _processes[Array.IndexOf(_ports, port)]?.Dispose();
            _processes[Array.IndexOf(_ports, port)] = null;
            await StartNodeAsync(Array.IndexOf(_ports, port));
        }

        await WaitUntilWholeAsync();
    }

    /// <summary>
    /// Moves the slot of <paramref name="key"/> to another master while clients use it: marks it importing and migrating
    /// (clients get <c>ASK</c> redirects from then on), migrates its keys, holds the migration open for
    /// <paramref name="open"/> (keys written meanwhile go to the target by <c>ASK</c>), migrates what is left, and hands
    /// the slot over on every master. Returns the source and target ports.
    /// </summary>
    public async Task<(int From, int To)> MoveSlotAsync(string key, TimeSpan open)
    {
        var slot = (await SlotOfAsync(key)).ToString(CultureInfo.InvariantCulture);
        var nodes = await NodesAsync(RunningPorts.First());
        var source = nodes.Single(n => n.IsMaster && n.Serves(int.Parse(slot, CultureInfo.InvariantCulture)));
        var target = nodes.First(n => n.IsMaster && n.Port != source.Port && n.Slots.Count > 0);
        await Expect(target.Port, "OK", "CLUSTER", "SETSLOT", slot, "IMPORTING", source.Id);
        await Expect(source.Port, "OK", "CLUSTER", "SETSLOT", slot, "MIGRATING", target.Id);
        await MigrateAsync(source.Port, target.Port, slot);
        await Task.Delay(open);
        await MigrateAsync(source.Port, target.Port, slot);
        foreach (var master in nodes.Where(n => n.IsMaster && n.Slots.Count > 0).OrderBy(n => n.Port == source.Port))
        {
            await Expect(master.Port, "OK", "CLUSTER", "SETSLOT", slot, "NODE", target.Id);
        }

        return (source.Port, target.Port);
    }

    /// <summary>A field of <c>INFO</c> on one node, e.g. <c>total_net_output_bytes</c>.</summary>
    public static async Task<long> InfoAsync(int port, string section, string field)
    {
        var line = (await CliAsync(port, "INFO", section)).Split('\n').Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until every node runs, reports <c>cluster_state:ok</c>, and every replica's link to its master is up.</summary>
    public Task WaitUntilWholeAsync() => WaitUntilAsync(async () =>
    {
        foreach (var port in _ports)
        {
            if (!await IsOkAsync(port))
            {
                return false;
            }

            var replication = await CliAsync(port, "INFO", "replication");
            if (replication.Contains("role:slave", StringComparison.Ordinal) && !replication.Contains("master_link_status:up", StringComparison.Ordinal))
            {
                return false;
            }
        }

        // Every node agrees that three masters serve all slots, and that there is no other master: a killed master
        // restarted with its nodes.conf rejoins as a master without slots for a moment before it turns into a replica.
        var views = await Task.WhenAll(_ports.Select(NodesAsync));
        return views.All(v => v.Count(n => n.IsMaster) == 3 && v.All(n => !n.IsMaster || n.Slots.Count > 0) && !v.Any(n => n.Failing));
    }, "the cluster to be whole (all nodes ok, replicas in sync)");

    private async Task MigrateAsync(int from, int to, string slot)
    {
        while (true)
        {
            var keys = (await CliAsync(from, "CLUSTER", "GETKEYSINSLOT", slot, "100")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (keys.Length == 0)
            {
                return;
            }

            await Expect(from, "OK", ["MIGRATE", "127.0.0.1", to.ToString(CultureInfo.InvariantCulture), "", "0", "5000", "KEYS", .. keys]);
        }
    }

    private static async Task Expect(int port, string reply, params string[] command)
    {
        var answer = (await CliAsync(port, command)).Trim();
        if (answer != reply)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} on {port} answered '{answer}'.");
        }
    }

    private static async Task<bool> IsOkAsync(int port) =>
        (await CliAsync(port, "CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<ClusterNode>> NodesAsync(int port) =>
        ClusterNode.Parse(await CliAsync(port, "CLUSTER", "NODES"));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Bound)
            {
                throw new TimeoutException($"Timed out after {Bound.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    private async Task StartNodeAsync(int i)
    {
        var port = _ports[i].ToString(CultureInfo.InvariantCulture);
        var folder = Path.Combine(_folder, port);
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo(RedisServer.Executable!)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--port", port, "--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no",
            "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(folder, "nodes.conf"),
            "--cluster-node-timeout", NodeTimeoutMs.ToString(CultureInfo.InvariantCulture),

            // A replica may always take over (a restarted one has an old link), and syncs at once, without disk.
            "--cluster-replica-validity-factor", "0", "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
        ];
        arguments.ToList().ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _processes[i] = process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilAsync(async () => process.HasExited
            ? throw new InvalidOperationException($"redis-server on port {port} exited with {process.ExitCode}.")
            : (await CliAsync(_ports[i], "PING")).Trim() == "PONG", $"redis-server on port {port} to answer PING");
    }

    private void KillAll(object? sender, EventArgs e)
    {
        for (var i = 0; i < Nodes; i++)
        {
            try
            {
                _processes[i]?.Kill();
                _processes[i]?.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _processes[i]?.Dispose();
            _processes[i] = null;
        }
    }

    // Ports whose cluster-bus port (port + 10000) is free too.
    private static int[] FreePorts()
    {
        var ports = new List<int>();
        while (ports.Count < Nodes)
        {
            var port = Random.Shared.Next(20_000, 55_000);
            if (!ports.Contains(port) && IsFree(port) && IsFree(port + 10_000))
            {
                ports.Add(port);
            }
        }

        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
