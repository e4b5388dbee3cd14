using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PvpRegistry.Data;

/// <summary>What a database error means, whichever provider raised it (SQLite, SQL Server, PostgreSQL).</summary>
public static class DatabaseErrors
{
    /// <summary>The save broke a unique index or primary key: another writer stored the same row first.</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException s => s.Number is 2601 or 2627,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>The server is not reachable yet (starting, restarting): worth trying again shortly.</summary>
    public static bool IsTransient(Exception ex) =>
        ex is SqlException or TimeoutException or System.Net.Sockets.SocketException
        || ex is NpgsqlException { IsTransient: true } or PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow }
        || ex.InnerException is not null && IsTransient(ex.InnerException);
}
