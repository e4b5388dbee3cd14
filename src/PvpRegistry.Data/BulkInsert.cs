using System.Collections;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PvpRegistry.Core;

namespace PvpRegistry.Data;

/// <summary>
/// Writes new records in bulk without the change tracker, for insert-only writes of thousands of records (the study
/// import): one prepared <c>INSERT ... RETURNING</c> per table, reused for every row, on the context's own connection
/// and in its current transaction. Everything comes from the EF model, so there is one mapping: table and column
/// names, each column's type mapping (value converters included: a value is stored exactly as a tracked save stores
/// it) and the relationships. A record is added with everything it reaches (its dependents, and owned values stored in
/// its own row) in the order a tracked <c>Add</c> would track them; each record of an audited type gets the audit line
/// the <see cref="AuditInterceptor"/> writes for it (<see cref="AuditInterceptor.CreatedLine"/>), in the same order,
/// and <see cref="CompleteAsync"/> appends the save's row of the change feed. Available on SQLite and PostgreSQL (see
/// <see cref="IsAvailable"/>); SQL Server, whose audited tables have triggers, keeps the tracked save.
/// On PostgreSQL, where each statement is a round trip to the server, the keys are taken from each table's identity
/// sequence in blocks (<see cref="ReservedKeys"/> at a time) and the inserts are sent prepared, in batches of
/// <see cref="RowsPerRoundTrip"/> (ADO.NET's <see cref="DbBatch"/>), in the order they were added: a failing row fails its
/// batch, at the latest in <see cref="CompleteAsync"/>, and the caller's transaction rolls back every batch.
/// </summary>
public sealed class BulkInsert : IAsyncDisposable
{
    private readonly RegistryDbContext _db;
    private readonly DbTransaction _transaction;
    private readonly Dictionary<IEntityType, TableInsert> _tables = [];
    private readonly HashSet<string> _changedEntities = [];

    /// <summary>The inserts not sent yet (PostgreSQL only; null where each row is written at once).</summary>
    private DbBatch? _pending;

    /// <summary>Inserts sent to PostgreSQL in one round trip.</summary>
    public const int RowsPerRoundTrip = 1000;

    /// <summary>Keys taken from a PostgreSQL identity sequence at once, per table.</summary>
    public const int ReservedKeys = 1000;

    /// <summary>Whether the context's provider takes a bulk insert (generated keys returned with <c>RETURNING</c> on SQLite, reserved from the sequence on PostgreSQL).</summary>
    public static bool IsAvailable(RegistryDbContext db) => db.Database.IsSqlite() || db.Database.IsNpgsql();

    /// <summary>A bulk insert into the context's current transaction (which must be open: its commit commits every row).</summary>
    public BulkInsert(RegistryDbContext db)
    {
        if (!IsAvailable(db)) throw new NotSupportedException($"Bulk inserts are not available on {db.Database.ProviderName}.");
        _db = db;
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside a transaction: begin one on the context first.");
        if (db.Database.IsSqlite())
        {
            _sqliteCacheSize = Execute("PRAGMA cache_size");
            Execute(FormattableString.Invariant($"PRAGMA cache_size = -{SqliteCacheKilobytes}"));
        }
        else _pending = NewBatch();
    }

    private DbBatch NewBatch()
    {
        var batch = _db.Database.GetDbConnection().CreateBatch();
        batch.Transaction = _transaction;
        if (_db.Database.GetCommandTimeout() is { } timeout) batch.Timeout = timeout;
        return batch;
    }

    /// <summary>Sends the inserts not sent yet, in the order they were added.</summary>
    private async Task FlushAsync(CancellationToken ct)
    {
        if (_pending is not { BatchCommands.Count: > 0 } batch) return;
        _pending = NewBatch();
        await using (batch)
        {
            // Prepared: the server parses and plans each table's insert once per connection, not once per row.
            await batch.PrepareAsync(ct);
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task InsertAsync(IEntityType type, object record, CancellationToken ct)
    {
        var table = Table(type);
        if (_pending is null)
        {
            await table.InsertAsync(record, ct);
            return;
        }
        await table.AddToBatchAsync(_pending, record, ct);
        if (_pending.BatchCommands.Count >= RowsPerRoundTrip) await FlushAsync(ct);
    }

    /// <summary>
    /// SQLite's page cache during a bulk insert, in kilobytes (its default is 2 MB). A big transaction whose pages do not
    /// fit writes them out to the write-ahead log, and again each time an index page is changed after that: a 20,000-row
    /// study import spent a quarter of its time so. 128 MB holds such an import's whole database; memory stays bounded by
    /// it whatever the file's size. The connection's own cache size is restored when the bulk insert ends, before the
    /// commit (which may hand the connection back to the pool).
    /// </summary>
    public const int SqliteCacheKilobytes = 128 * 1024;

    private object? _sqliteCacheSize;

    private object? Execute(string sql)
    {
        using var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>The connection's page cache as it was (a smaller cache size frees the pages beyond it).</summary>
    private void RestoreCacheSize()
    {
        if (_sqliteCacheSize is not { } size) return;
        _sqliteCacheSize = null;
        Execute(FormattableString.Invariant($"PRAGMA cache_size = {size}"));
    }

    /// <summary>Inserts a new record and everything it reaches, sets their generated keys and foreign keys, and audits them.</summary>
    public async Task AddAsync<T>(T record, CancellationToken ct = default) where T : class
    {
        var type = _db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type.");
        await AddGraphAsync(type, record, _db.Clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>
    /// The record, then each record it reaches through its navigations, depth first in the model's order of navigations:
    /// the order in which a tracked <c>Add</c> tracks a graph, and so the order of its audit lines.
    /// </summary>
    private async Task AddGraphAsync(IEntityType type, object record, DateTime now, CancellationToken ct)
    {
        await InsertAsync(type, record, ct);
        if (AuditInterceptor.IsAudited(type))
        {
            var line = AuditInterceptor.CreatedLine(_db, now, type, p => p.GetGetter().GetClrValueUsingContainingEntity(record));
            await InsertAsync(_db.Model.FindEntityType(typeof(AuditEntry))!, line, ct);
            _changedEntities.Add(type.ClrType.Name);
        }
        foreach (var navigation in type.GetNavigations())
        {
            if (navigation.IsOnDependent || TableInsert.IsStoredInOwnerRow(navigation)) continue;
            var targets = navigation.GetGetter().GetClrValueUsingContainingEntity(record) switch
            {
                null => [],
                IEnumerable many when navigation.IsCollection => many.Cast<object>().ToList(),
                var one => [one],
            };
            if (targets.Count == 0) continue;
            if (navigation.ForeignKey.IsOwnership)
                throw new NotSupportedException($"Bulk inserts do not write owned records of another table ({type.ClrType.Name}.{navigation.Name}).");
            var foreignKey = navigation.ForeignKey;
            foreach (var target in targets)
            {
                for (int i = 0; i < foreignKey.Properties.Count; i++)
                    SetValue(foreignKey.Properties[i], target, foreignKey.PrincipalKey.Properties[i].GetGetter().GetClrValueUsingContainingEntity(record));
                await AddGraphAsync(navigation.TargetEntityType, target, now, ct);
            }
        }
    }

    /// <summary>
    /// Ends the bulk insert as a save ends: the change feed gets the row that tells other processes which clinical
    /// entities changed, and this process's open screens are told. The caller's commit follows.
    /// </summary>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        await FlushAsync(ct);
        RestoreCacheSize();
        if (_changedEntities.Count == 0) return;
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        RegistryChangeFeed.Append(_db, _changedEntities, now);
        await _db.SaveChangesAsync(ct);
        AuditInterceptor.Notify(_db, [.. _changedEntities]);
        _changedEntities.Clear();
    }

    private TableInsert Table(IEntityType type)
    {
        if (!_tables.TryGetValue(type, out var table)) _tables[type] = table = new TableInsert(_db, _transaction, type, reservesKeys: _pending is not null);
        return table;
    }

    private static void SetValue(IProperty property, object record, object? value)
    {
        if (property.PropertyInfo is { CanWrite: true } p) p.SetValue(record, value);
        else if (property.FieldInfo is { } f) f.SetValue(record, value);
        else throw new NotSupportedException($"Bulk inserts cannot set {property.DeclaringType.DisplayName()}.{property.Name}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in _tables.Values) await table.Command.DisposeAsync();
        // Inserts of a bulk insert that failed before completing are never sent.
        if (_pending is not null) await _pending.DisposeAsync();
        // A bulk insert that failed before completing: its transaction is still open (the caller rolls it back next).
        if (_db.Database.CurrentTransaction?.GetDbTransaction() == _transaction) RestoreCacheSize();
    }

    /// <summary>One table's prepared <c>INSERT</c>: every stored property of the entity type and of the owned values kept in its row.</summary>
    private sealed class TableInsert
    {
        private readonly Column[] _columns;
        private readonly IProperty? _generatedKey;

        /// <summary>The prepared insert where each row is written at once; elsewhere the factory of the batch's parameters.</summary>
        public DbCommand Command { get; }

        /// <summary>Where keys are reserved (PostgreSQL): the insert with the key column, and the query that reserves keys.</summary>
        private readonly string? _insertWithKey, _reserveKeys, _keyParameter;

        private readonly Queue<long> _keys = new();

        private sealed record Column(string Parameter, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Value);

        /// <summary>An owned value without a table of its own: its properties are columns of its owner's row.</summary>
        public static bool IsStoredInOwnerRow(INavigation navigation) =>
            navigation.ForeignKey.IsOwnership && !navigation.IsCollection
            && navigation.TargetEntityType.GetTableName() == navigation.DeclaringEntityType.GetTableName()
            && navigation.TargetEntityType.GetSchema() == navigation.DeclaringEntityType.GetSchema();

        public TableInsert(RegistryDbContext db, DbTransaction transaction, IEntityType type, bool reservesKeys)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties;
            _generatedKey = key is [{ ValueGenerated: ValueGenerated.OnAdd } only] ? only : null;

            var stored = new List<(IProperty Property, Func<object, object?> Value)>();
            foreach (var property in type.GetProperties())
            {
                if (property == _generatedKey) continue;
                if (property.ValueGenerated != ValueGenerated.Never || property.IsShadowProperty())
                    throw new NotSupportedException($"Bulk inserts write only properties set by the application ({type.DisplayName()}.{property.Name}).");
                var getter = property.GetGetter();
                stored.Add((property, getter.GetClrValueUsingContainingEntity));
            }
            foreach (var owned in type.GetNavigations().Where(IsStoredInOwnerRow))
            {
                var ownedGetter = owned.GetGetter();
                foreach (var property in owned.TargetEntityType.GetProperties().Where(p => !owned.ForeignKey.Properties.Contains(p)))
                {
                    if (property.ValueGenerated != ValueGenerated.Never || property.IsShadowProperty() || owned.TargetEntityType.GetNavigations().Any(n => !n.IsOnDependent))
                        throw new NotSupportedException($"Bulk inserts write only plain owned values ({owned.TargetEntityType.DisplayName()}.{property.Name}).");
                    var getter = property.GetGetter();
                    stored.Add((property, record => ownedGetter.GetClrValueUsingContainingEntity(record) is { } value ? getter.GetClrValue(value) : null));
                }
            }

            _columns = stored.Select((c, i) => new Column(sql.GenerateParameterName($"p{i}"), c.Property.GetRelationalTypeMapping(),
                c.Property.IsColumnNullable(table), c.Value)).ToArray();
            // The stored columns with their parameters, preceded by the key column where the key is given rather than generated.
            var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
            var columns = stored.Select((c, i) => (Column: c.Property.GetColumnName(table)!, Parameter: $"p{i}")).ToList();
            string Insert(IEnumerable<(string Column, string Parameter)> values) =>
                $"INSERT INTO {tableName} ({string.Join(", ", values.Select(v => sql.DelimitIdentifier(v.Column)))}) " +
                $"VALUES ({string.Join(", ", values.Select(v => sql.GenerateParameterNamePlaceholder(v.Parameter)))})";
            var text = Insert(columns) + (_generatedKey is null ? "" : $" RETURNING {sql.DelimitIdentifier(_generatedKey.GetColumnName(table)!)}");
            if (reservesKeys && _generatedKey is not null)
            {
                // nextval on the key column's identity sequence gives the keys a row without a key would have got, and
                // moves the sequence past them.
                var keyColumn = _generatedKey.GetColumnName(table)!;
                _keyParameter = sql.GenerateParameterName("key");
                _insertWithKey = Insert(columns.Prepend((keyColumn, "key")));
                _reserveKeys = FormattableString.Invariant(
                    $"SELECT nextval(pg_get_serial_sequence('{tableName.Replace("'", "''")}', '{keyColumn.Replace("'", "''")}')) FROM generate_series(1, {ReservedKeys})");
            }

            Command = db.Database.GetDbConnection().CreateCommand();
            Command.CommandText = text;
            Command.Transaction = transaction;
            if (db.Database.GetCommandTimeout() is { } timeout) Command.CommandTimeout = timeout;
        }

        /// <summary>
        /// Adds the record's insert to <paramref name="batch"/>, its values bound now (through each column's type mapping,
        /// as EF Core binds them); a generated key is set at once from the keys this table reserved.
        /// </summary>
        public async Task AddToBatchAsync(DbBatch batch, object record, CancellationToken ct)
        {
            var insert = batch.CreateBatchCommand();
            if (_insertWithKey is not null)
            {
                if (_keys.Count == 0) await ReserveKeysAsync(ct);
                var key = Convert.ChangeType(_keys.Dequeue(), _generatedKey!.ClrType, CultureInfo.InvariantCulture);
                SetValue(_generatedKey, record, key);
                insert.CommandText = _insertWithKey;
                insert.Parameters.Add(_generatedKey.GetRelationalTypeMapping().CreateParameter(Command, _keyParameter!, key, nullable: false));
            }
            else insert.CommandText = Command.CommandText;
            foreach (var column in _columns)
                insert.Parameters.Add(column.Mapping.CreateParameter(Command, column.Parameter, column.Value(record), column.Nullable));
            batch.BatchCommands.Add(insert);
        }

        private async Task ReserveKeysAsync(CancellationToken ct)
        {
            await using var reserve = Command.Connection!.CreateCommand();
            reserve.Transaction = Command.Transaction;
            reserve.CommandText = _reserveKeys;
            await using var keys = await reserve.ExecuteReaderAsync(ct);
            while (await keys.ReadAsync(ct)) _keys.Enqueue(keys.GetInt64(0));
        }

        /// <summary>Inserts the record's row, each value bound through its column's type mapping as EF Core binds it, and sets its generated key.</summary>
        public async Task InsertAsync(object record, CancellationToken ct)
        {
            Command.Parameters.Clear();
            foreach (var column in _columns)
                Command.Parameters.Add(column.Mapping.CreateParameter(Command, column.Parameter, column.Value(record), column.Nullable));
            if (_generatedKey is null)
            {
                await Command.ExecuteNonQueryAsync(ct);
                return;
            }
            var key = await Command.ExecuteScalarAsync(ct);
            SetValue(_generatedKey, record, Convert.ChangeType(key, _generatedKey.ClrType, CultureInfo.InvariantCulture));
        }
    }
}
