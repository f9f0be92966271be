/**
 * The dev host's SQL store: sql.js (SQLite compiled to wasm, no native build) kept in memory, made durable by a
 * journal. Every committed transaction's write statements are appended to `journal.jsonl` and fsync'd before the
 * request answers, so a crash never loses a committed write; a snapshot (`site.sqlite`, written to a temp file and
 * renamed) is taken when the journal grows and on close. The snapshot records the last journal sequence it contains,
 * so replay after a crash between rename and truncation applies nothing twice.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  chmodSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';

export type Row = Record<string, SqlValue>;
type Op = [string, SqlValue[]];

const SNAPSHOT = 'site.sqlite';
const JOURNAL = 'journal.jsonl';
const SNAPSHOT_AFTER_BYTES = 32 * 1024 * 1024;

let sqlModule: Awaited<ReturnType<typeof initSqlJs>> | null = null;

export class DevDatabase {
  private readonly db: Database;
  private readonly dir: string | null;
  private ops: Op[] = [];
  private inTx = false;
  private seq = 0;
  private journalBytes = 0;

  private constructor(db: Database, dir: string | null) {
    this.db = db;
    this.dir = dir;
  }

  /** Opens (or creates) the store in `dir`; `null` keeps everything in memory (unit tests). */
  static async open(dir: string | null): Promise<DevDatabase> {
    sqlModule ??= await initSqlJs();
    let bytes: Uint8Array | undefined;
    if (dir) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700); // the journal holds every record and session in clear: owner only
      for (const f of [SNAPSHOT, JOURNAL]) if (existsSync(join(dir, f))) chmodSync(join(dir, f), 0o600);
      if (existsSync(join(dir, SNAPSHOT))) bytes = readFileSync(join(dir, SNAPSHOT));
    }
    const store = new DevDatabase(new sqlModule.Database(bytes), dir);
    store.db.run('CREATE TABLE IF NOT EXISTS __devhost (k TEXT PRIMARY KEY, v TEXT)');
    store.seq = Number(store.get('SELECT v FROM __devhost WHERE k = ?', ['journal_seq'])?.v ?? 0);
    if (dir) store.replay();
    return store;
  }

  private replay(): void {
    if (!this.dir) return;
    const path = join(this.dir, JOURNAL);
    if (!existsSync(path)) return;
    const text = readFileSync(path, 'utf8');
    this.journalBytes = Buffer.byteLength(text);
    for (const line of text.split('\n')) {
      if (!line) continue;
      let entry: { seq: number; ops: Op[] };
      try {
        entry = JSON.parse(line) as { seq: number; ops: Op[] };
      } catch {
        break; // a torn last line from a crash mid-append: that transaction never answered
      }
      if (entry.seq <= this.seq) continue;
      this.db.run('BEGIN');
      for (const [sql, params] of entry.ops) this.db.run(sql, params);
      this.db.run('INSERT OR REPLACE INTO __devhost (k, v) VALUES (?, ?)', ['journal_seq', String(entry.seq)]);
      this.db.run('COMMIT');
      this.seq = entry.seq;
    }
  }

  begin(): void {
    if (this.inTx) throw new Error('transaction already open');
    this.db.run('BEGIN');
    this.inTx = true;
    this.ops = [];
  }

  commit(): void {
    if (!this.inTx) return;
    this.appendJournal();
    this.db.run('COMMIT');
    this.inTx = false;
    this.ops = [];
    if (this.journalBytes > SNAPSHOT_AFTER_BYTES) this.snapshot();
  }

  /** Makes the transaction's writes durable before it commits: one fsync'd journal line. */
  private appendJournal(): void {
    if (!this.ops.length || !this.dir) return;
    this.seq++;
    this.db.run('INSERT OR REPLACE INTO __devhost (k, v) VALUES (?, ?)', ['journal_seq', String(this.seq)]);
    const line = `${JSON.stringify({ seq: this.seq, ops: this.ops })}\n`;
    const fd = openSync(join(this.dir, JOURNAL), 'a', 0o600);
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.journalBytes += Buffer.byteLength(line);
  }

  rollback(): void {
    if (!this.inTx) return;
    this.db.run('ROLLBACK');
    this.inTx = false;
    this.ops = [];
  }

  /** A nested savepoint inside the open transaction: rolling back to it also forgets its journal ops. */
  async withSavepoint<T>(fn: () => Promise<T>): Promise<T> {
    const mark = this.ops.length;
    const name = `sp_${mark}_${Math.random().toString(36).slice(2, 8)}`;
    this.db.run(`SAVEPOINT ${name}`);
    try {
      const out = await fn();
      this.db.run(`RELEASE ${name}`);
      return out;
    } catch (e) {
      this.db.run(`ROLLBACK TO ${name}`);
      this.db.run(`RELEASE ${name}`);
      this.ops.length = mark;
      throw e;
    }
  }

  get inTransaction(): boolean {
    return this.inTx;
  }

  /** A write statement: journaled with its transaction; outside one (boot, migrations) it is its own. */
  run(sql: string, params: SqlValue[] = []): void {
    if (this.inTx) {
      this.db.run(sql, params);
      this.ops.push([sql, params]);
      return;
    }
    this.begin();
    try {
      this.run(sql, params);
      this.commit();
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  all(sql: string, params: SqlValue[] = []): Row[] {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params);
      const rows: Row[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject());
      return rows;
    } finally {
      stmt.free();
    }
  }

  get(sql: string, params: SqlValue[] = []): Row | undefined {
    return this.all(sql, params)[0];
  }

  changes(): number {
    return this.db.getRowsModified();
  }

  /** Writes a full snapshot atomically and empties the journal. */
  snapshot(): void {
    if (!this.dir || this.inTx) return;
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, this.db.export());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    writeFileSync(join(this.dir, JOURNAL), '', { mode: 0o600 });
    this.journalBytes = 0;
  }

  close(): void {
    this.rollback();
    this.snapshot();
    this.db.close();
  }
}
