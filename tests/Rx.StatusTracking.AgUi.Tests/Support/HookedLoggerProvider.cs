using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>A logging provider that calls the test's hook with each entry's event id, on the logging thread, before it returns.</summary>
internal sealed class HookedLoggerProvider(Action<string, EventId> hook) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(hook, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(Action<string, EventId> hook, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            hook(category, eventId);
    }
}
