/**
 * The shape of a whitelisted method: each declares its HTTP verbs (a wrong verb is a 403 "Not permitted") and whether
 * guests may call it, and is handed the call. Services export their own tables of these; `site.ts` merges them.
 */
import type { Caller } from '../auth/sessions.ts';
import type { Kernel } from '../kernel.ts';
import type { RequestContext } from '../model/types.ts';
import type { FormDict, UploadedFile } from './http.ts';

export interface MethodCall {
  site: Kernel;
  ctx: RequestContext;
  form: FormDict;
  files: Map<string, UploadedFile>;
  caller: Caller;
  req: Request;
  /** Cookies to set on the response. */
  setCookies: string[];
}

/** What a method returns: the `message` value, or a full body for methods that answer differently. */
export type MethodResult = { message?: unknown; body?: Record<string, unknown>; status?: number };

export interface MethodDef {
  verbs: readonly string[];
  allowGuest?: boolean;
  run(call: MethodCall): Promise<MethodResult> | MethodResult;
}

export type MethodTable = Readonly<Record<string, MethodDef>>;

export const ALL = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export const WRITE = ['POST', 'PUT'] as const;
