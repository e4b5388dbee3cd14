using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PvpRegistry.Data;

/// <summary>
/// Logs a warning for each database command that took longer than <see cref="DatabaseOptions.SlowCommandThreshold"/>
/// (waiting for a lock included): its duration and its SQL, never its parameter values (they may identify a patient).
/// A command that failed is logged the same way when it was slow.
/// </summary>
public sealed class SlowCommandLog(ILogger<SlowCommandLog> logger, TimeSpan threshold) : DbCommandInterceptor
{
    public TimeSpan Threshold => threshold;

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Check(command, eventData.Duration);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Check(command, eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Check(command, eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Check(command, eventData.Duration);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Check(command, eventData.Duration);
        return Task.CompletedTask;
    }

    private void Check(DbCommand command, TimeSpan duration)
    {
        if (duration < threshold) return;
        logger.LogWarning("A database command took {Milliseconds} ms (the warning threshold is {Threshold} ms): {Sql}",
            (long)duration.TotalMilliseconds, (long)threshold.TotalMilliseconds, command.CommandText);
    }
}
