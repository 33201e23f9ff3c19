using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Tests;

/// <summary>A logging provider that keeps every entry with its structured fields, for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public List<Entry> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception);

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            lock (provider.Entries)
            {
                provider.Entries.Add(new Entry(category, logLevel, eventId, formatter(state, exception), fields, exception));
            }
        }
    }
}
