/**
 * The narrow face of the dev host that controllers, services, scripts, web pages and webhooks are handed: documents,
 * permissions, lists, sessions, internal calls, the clock and the log. `site.ts` implements it and wires the parts
 * together; nothing below it imports the site, so the dev host's import graph points one way.
 */
import type { Permissions } from './auth/permissions.ts';
import type { Sessions } from './auth/sessions.ts';
import type { DevDatabase } from './db/database.ts';
import type { MetaRegistry } from './meta/registry.ts';
import type { DocService } from './model/documents.ts';
import type { RequestContext } from './model/types.ts';
import type { ListArgs } from './query/list.ts';

export interface Kernel {
  readonly db: DevDatabase;
  readonly meta: MetaRegistry;
  readonly perms: Permissions;
  readonly docs: DocService;
  readonly sessions: Sessions;
  /** The site's clock; tests freeze it. */
  readonly clock: () => Date;
  /** Public base URL, for links the host generates. */
  readonly baseUrl: string;
  readonly log: (line: string) => void;
  systemZone(): string;
  allowTraceback(): boolean;
  sessionExpiryHours(): number;
  serverScriptsEnabled(): boolean;
  /** `now` of the request as the site's local datetime string. */
  nowString(ctx: RequestContext): string;
  context(user: string): RequestContext;
  /** Runs work as a user (Administrator by default) in its own transaction. */
  internal<T>(fn: (ctx: RequestContext) => Promise<T>, user?: string): Promise<T>;
  list(ctx: RequestContext, args: ListArgs, opts?: { ignorePermissions?: boolean }): unknown[];
}
