/**
 * Where imported lists live: the `lists` and `list_entries` tables, on SQLite or PostgreSQL.
 *
 * A list is replaced in one transaction: the old entries are deleted and the new ones inserted as they
 * stream out of the importer. A parse error half-way rolls everything back, so the old list stays, and
 * no reader ever sees half a list (PostgreSQL readers see the old rows until commit; SQLite readers in
 * other processes read the last committed WAL snapshot).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Store } from '../store/db.ts';
import type { ListEntry, ListKind, ListMetadata } from './model.ts';

/** Rows per INSERT: well below SQLite's bound-parameter limit, large enough to amortise round trips. */
const INSERT_BATCH = 500;
/** Rows per page when streaming a list back out. */
const READ_PAGE = 2000;

export interface ListTarget {
  name: string;
  kind: ListKind;
  format: string;
}

/** What an importer hands over: streamed entries and the publisher's date, known once reading began. */
export interface ListSource {
  entries: AsyncIterable<ListEntry>;
  publishedAt(): string | undefined;
}

export interface StoredList {
  meta: ListMetadata;
  entries: AsyncIterable<ListEntry>;
}

/** A list that would be empty is not stored: replacing a real list with nothing would silently stop screening. */
export class EmptyListError extends Error {
  override readonly name = 'EmptyListError';
  constructor(readonly listName: string) {
    super(`no entries were read for list "${listName}" (wrong format or kind?); the list was not changed`);
  }
}

export class DuplicateEntryError extends Error {
  override readonly name = 'DuplicateEntryError';
  constructor(readonly listName: string, readonly entryId: string) {
    super(`entry id "${entryId}" occurs twice in list "${listName}"; the list was not changed`);
  }
}

export class ListsRepository {
  constructor(private readonly store: Pick<Store, 'db'>, private readonly now: () => Date = () => new Date()) {}

  private get db(): Kysely<Database> {
    return this.store.db;
  }

  async replaceList(target: ListTarget, source: ListSource): Promise<ListMetadata> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('list_entries').where('list_name', '=', target.name).execute();
      const seen = new Set<string>();
      let batch: { list_name: string; entry_id: string; data: string }[] = [];
      for await (const entry of source.entries) {
        if (seen.has(entry.id)) throw new DuplicateEntryError(target.name, entry.id);
        seen.add(entry.id);
        batch.push({ list_name: target.name, entry_id: entry.id, data: JSON.stringify(entry) });
        if (batch.length >= INSERT_BATCH) {
          await trx.insertInto('list_entries').values(batch).execute();
          batch = [];
        }
      }
      if (batch.length > 0) await trx.insertInto('list_entries').values(batch).execute();
      if (seen.size === 0) throw new EmptyListError(target.name);

      const meta: ListMetadata = { ...target, importedAt: await this.nextImportTime(trx, target.name), entryCount: seen.size };
      const publishedAt = source.publishedAt();
      if (publishedAt !== undefined) meta.publishedAt = publishedAt;
      await trx.deleteFrom('lists').where('name', '=', target.name).execute();
      await trx
        .insertInto('lists')
        .values({
          name: meta.name,
          kind: meta.kind,
          format: meta.format,
          published_at: meta.publishedAt ?? null,
          imported_at: meta.importedAt,
          entry_count: meta.entryCount,
        })
        .execute();
      return meta;
    });
  }

  /**
   * The import time doubles as the list's version for change detection, so a re-import must never reuse
   * the previous value, even within the same millisecond.
   */
  private async nextImportTime(trx: Transaction<Database>, name: string): Promise<string> {
    const previous = await trx.selectFrom('lists').select('imported_at').where('name', '=', name).executeTakeFirst();
    let now = this.now();
    if (previous !== undefined && now.toISOString() <= previous.imported_at) now = new Date(Date.parse(previous.imported_at) + 1);
    return now.toISOString();
  }

  async listLists(): Promise<ListMetadata[]> {
    const rows = await this.db.selectFrom('lists').selectAll().orderBy('name').execute();
    return rows.map((row) => {
      const meta: ListMetadata = {
        name: row.name,
        kind: row.kind as ListKind,
        format: row.format,
        importedAt: row.imported_at,
        entryCount: Number(row.entry_count),
      };
      if (row.published_at !== null) meta.publishedAt = row.published_at;
      return meta;
    });
  }

  /** Whether a list by that name existed. */
  async removeList(name: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('list_entries').where('list_name', '=', name).execute();
      const result = await trx.deleteFrom('lists').where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  /**
   * A token that changes whenever any list is imported, replaced or removed: instances compare it to
   * decide whether to rebuild their index.
   */
  async version(): Promise<string> {
    const rows = await this.db.selectFrom('lists').select(['name', 'imported_at']).orderBy('name').execute();
    return rows.map((r) => `${r.name}@${r.imported_at}`).join('|');
  }

  /**
   * Every list with its entries as a stream read page by page (keyset on entry_id), so the index can be
   * built without first materialising all rows. Pages are separate reads: a caller that must not mix two
   * editions of a list compares `version()` before and after (ScreeningService does).
   */
  async loadAll(): Promise<StoredList[]> {
    const lists = await this.listLists();
    return lists.map((meta) => ({ meta, entries: this.readEntries(meta.name) }));
  }

  private async *readEntries(listName: string): AsyncGenerator<ListEntry> {
    let after: string | undefined;
    for (;;) {
      let query = this.db
        .selectFrom('list_entries')
        .select(['entry_id', 'data'])
        .where('list_name', '=', listName)
        .orderBy('entry_id')
        .limit(READ_PAGE);
      if (after !== undefined) query = query.where('entry_id', '>', after);
      const rows = await query.execute();
      for (const row of rows) yield JSON.parse(row.data) as ListEntry;
      if (rows.length < READ_PAGE) return;
      after = rows.at(-1)!.entry_id;
    }
  }
}
