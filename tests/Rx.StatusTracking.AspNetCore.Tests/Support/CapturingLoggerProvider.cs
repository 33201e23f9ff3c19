using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>One entry a <see cref="CapturingLoggerProvider"/> saw.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string? EventName, string Message);

/// <summary>A real logger provider that keeps every entry, for tests that assert on what an app logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries(string category) => [.. _entries.Where(e => e.Category == category)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, eventId.Name, formatter(state, exception)));
    }
}
