using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>Collects every log entry, and serves itself as the pipeline's only service.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, IServiceProvider
{
    public List<(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public object? GetService(Type serviceType) => serviceType == typeof(ILoggerFactory) ? this : null;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Entries)
            {
                owner.Entries.Add((category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
