/** What every component planner shares: the action shape, the planning context, reading fixtures, one upsert rule. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocType } from '../../domain/meta/doctype.schema.ts';
import { type Manifest, ManifestSchema } from '../manifest.schema.ts';
import { type HostClient } from '../../host-client/client.ts';

export type ActionKind =
  | 'module'
  | 'migration'
  | 'role'
  | 'doctype'
  | 'custom field'
  | 'permission'
  | 'translation'
  | 'record'
  | 'server script'
  | 'webhook'
  | 'report'
  | 'web page'
  | 'asset';

export type Op = 'create' | 'update' | 'remove' | 'unchanged' | 'skip';

export interface Action {
  kind: ActionKind;
  name: string;
  op: Op;
  detail?: string;
  run?: () => Promise<void>;
}

export interface InstallOptions {
  root: string;
  companionUrl?: string;
  webhookSecret?: string;
}

export type Rec = Record<string, unknown>;

/** Everything the component planners share: the site, the manifest and what the site holds of our doctypes. */
export interface Planning {
  client: HostClient;
  manifest: Manifest;
  opts: InstallOptions;
  find: (doctype: string, name: string) => Promise<Rec | null>;
  doctypes: DocType[];
  siteDocs: Map<string, Rec | null>;
}

export function readJson(root: string, rel: string): unknown {
  return JSON.parse(readFileSync(join(root, rel), 'utf8'));
}

export function loadManifest(root: string): Manifest {
  return ManifestSchema.parse(readJson(root, 'plugin-manifest.json'));
}

/** The installer refuses to plan over a doctype another module owns (ERPNext ships e.g. Support Settings). */
export class InstallRefused extends Error {}

/**
 * The one create / update / unchanged rule every component follows: not on the site → create; keys that differ →
 * update (the detail names them); otherwise unchanged.
 */
export function upsert(
  kind: ActionKind,
  name: string,
  site: Rec | null | undefined,
  diff: readonly string[],
  write: { create: () => Promise<unknown>; update: () => Promise<unknown> },
  separator = ', ',
): Action {
  if (!site) return { kind, name, op: 'create', run: async () => void (await write.create()) };
  if (diff.length)
    return { kind, name, op: 'update', detail: diff.join(separator), run: async () => void (await write.update()) };
  return { kind, name, op: 'unchanged' };
}
