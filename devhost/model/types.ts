/** Shapes shared by the dev host's model layer. */
import type { DevDatabase } from '../db/database.ts';
import type { ServerMessage } from '../errors.ts';
import type { MetaRegistry } from '../meta/registry.ts';

/** A document in memory: column values, `doctype`, and child rows under table fieldnames. */
export type Doc = Record<string, unknown>;

export type DocEvent =
  | 'before_insert'
  | 'before_validate'
  | 'validate'
  | 'before_save'
  | 'before_submit'
  | 'before_cancel'
  | 'before_update_after_submit'
  | 'after_insert'
  | 'on_update'
  | 'on_submit'
  | 'on_cancel'
  | 'on_update_after_submit'
  | 'on_change'
  | 'on_trash'
  | 'after_delete';

/** What a successful write was, for webhooks and versions. */
export type WriteKind = 'insert' | 'update' | 'submit' | 'cancel' | 'update_after_submit' | 'delete';

export interface RequestContext {
  user: string;
  roles: ReadonlySet<string>;
  /** Frozen for the request, like Frappe's request-scoped `now()`. */
  now: Date;
  /** Work to run after the transaction commits (webhooks, file writes). */
  afterCommit: (() => void | Promise<void>)[];
  /** msgprints that reach the response as `_server_messages` on success. */
  messages: ServerMessage[];
  /** Server-script and controller recursion depth. */
  depth: number;
  ip: string;
  /** Webhooks to deliver after commit, one per (webhook, document): the last state wins (docs/host-contract.md). */
  webhookQueue?: Map<string, { webhook: string; doc: Doc }>;
}

export interface SiteServices {
  db: DevDatabase;
  meta: MetaRegistry;
  systemZone(): string;
  allowTraceback(): boolean;
}

export type Hook = (doc: Doc, ctx: RequestContext, old: Doc | null) => void | Promise<void>;
export type Controller = Partial<Record<DocEvent | 'autoname', Hook>>;

/** A whitelisted document method (`run_doc_method`): the loaded document, the caller, the parsed `args`. */
export type DocMethod = (doc: Doc, ctx: RequestContext, args: unknown) => Promise<unknown> | unknown;

export interface WriteOptions {
  ignorePermissions?: boolean;
  ignoreMandatory?: boolean;
  ignoreLinks?: boolean;
}
