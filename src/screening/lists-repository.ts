/**
 * Where imported lists live: the `lists` and `list_entries` tables, on SQLite or PostgreSQL.
 *
 * A re-import replaces a list atomically. The new entries are first written, as they stream out of the
 * importer, under a staging name that no reader looks at (readers find lists through the `lists` table);
 * only when the whole file has been read does one short transaction delete the old entries, rename the
 * staged ones and update the `lists` row. So a parse error half-way leaves the old list untouched (the
 * staged rows are deleted), no reader ever sees half a list, and the database is never write-locked for
 * the length of a download-sized import: SQLite allows one writer at a time, and a gateway sharing the
 * file keeps writing its sessions while a list is being read.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Store } from '../store/db.ts';
import type { ListEntry, ListKind, ListMetadata } from './model.ts';

/** Rows per INSERT: well below SQLite's bound-parameter limit, large enough to amortise round trips. */
const INSERT_BATCH = 500;
/** Rows per page when streaming a list back out. */
const READ_PAGE = 2000;
/** Entries of an import in progress are stored under `~staging:<list>:<uuid>`; list names cannot start with "~". */
const STAGING_PREFIX = '~staging:';

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

export class ConcurrentImportError extends Error {
  override readonly name = 'ConcurrentImportError';
  constructor(readonly listName: string) {
    super(`another import of list "${listName}" started meanwhile and discarded this one's entries; the list was not changed by this import`);
  }
}

export class ListsRepository {
  constructor(private readonly store: Pick<Store, 'db'>, private readonly now: () => Date = () => new Date()) {}

  private get db(): Kysely<Database> {
    return this.store.db;
  }

  async replaceList(target: ListTarget, source: ListSource): Promise<ListMetadata> {
    if (target.name === '' || target.name.startsWith('~')) throw new Error(`invalid list name "${target.name}"`);
    const stagingPrefix = `${STAGING_PREFIX}${target.name}:`;
    const staging = `${stagingPrefix}${randomUUID()}`;
    // Rows left by an import of this list that crashed; a concurrent import's rows vanish too, which the
    // count check below reports instead of publishing a partial list.
    await this.db.deleteFrom('list_entries').where(sql<string>`substr(list_name, 1, ${stagingPrefix.length})`, '=', stagingPrefix).execute();
    try {
      const count = await this.stage(staging, target.name, source.entries);
      const publishedAt = source.publishedAt();
      return await this.db.transaction().execute(async (trx) => {
        const staged = await trx
          .selectFrom('list_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('list_name', '=', staging)
          .executeTakeFirstOrThrow();
        if (Number(staged.n) !== count) throw new ConcurrentImportError(target.name);
        await trx.deleteFrom('list_entries').where('list_name', '=', target.name).execute();
        await trx.updateTable('list_entries').set({ list_name: target.name }).where('list_name', '=', staging).execute();

        const meta: ListMetadata = { ...target, importedAt: await this.nextImportTime(trx, target.name), entryCount: count };
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
    } catch (error) {
      await this.db.deleteFrom('list_entries').where('list_name', '=', staging).execute();
      throw error;
    }
  }

  /** Writes the entries under the staging name in batches, each committed on its own; returns how many. */
  private async stage(staging: string, listName: string, entries: AsyncIterable<ListEntry>): Promise<number> {
    const seen = new Set<string>();
    let batch: { list_name: string; entry_id: string; data: string }[] = [];
    for await (const entry of entries) {
      if (seen.has(entry.id)) throw new DuplicateEntryError(listName, entry.id);
      seen.add(entry.id);
      batch.push({ list_name: staging, entry_id: entry.id, data: JSON.stringify(entry) });
      if (batch.length >= INSERT_BATCH) {
        await this.db.insertInto('list_entries').values(batch).execute();
        batch = [];
      }
    }
    if (batch.length > 0) await this.db.insertInto('list_entries').values(batch).execute();
    if (seen.size === 0) throw new EmptyListError(listName);
    return seen.size;
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
