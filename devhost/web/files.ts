/**
 * `upload_file` and serving `/files/…` and `/private/files/…` (docs/host-contract.md): write permission on the target
 * document, guests only when System Settings allow it, website users limited to safe types, size limits,
 * de-duplication by content hash, a random suffix for a same-named different file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { MethodCall, MethodResult, MethodTable } from '../api/method-types.ts';
import { frappeThrow, notFound, notPermitted } from '../errors.ts';
import type { RequestContext } from '../model/types.ts';
import type { Kernel } from '../kernel.ts';

const WEBSITE_TYPES = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.pdf',
  '.txt',
  '.csv',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.odt',
  '.ods',
  '.mp4',
  '.mov',
]);
const MIME: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.csv': 'text/csv',
};

export class Files {
  private readonly memory = new Map<string, Uint8Array>();

  constructor(
    private readonly site: Kernel,
    private readonly dataDir: string | null,
  ) {}

  private path(isPrivate: boolean, fileName: string): string | null {
    if (!this.dataDir) return null;
    const dir = join(this.dataDir, isPrivate ? 'private/files' : 'public/files');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return join(dir, fileName);
  }

  private store(isPrivate: boolean, fileName: string, bytes: Uint8Array): void {
    const p = this.path(isPrivate, fileName);
    if (p) writeFileSync(p, bytes, { mode: 0o600 });
    else this.memory.set(`${isPrivate ? 'private' : 'public'}/${fileName}`, bytes);
  }

  private read(isPrivate: boolean, fileName: string): Uint8Array | null {
    const p = this.path(isPrivate, fileName);
    if (p) return existsSync(p) ? readFileSync(p) : null;
    return this.memory.get(`${isPrivate ? 'private' : 'public'}/${fileName}`) ?? null;
  }

  private maxBytes(): number {
    const mb = Number(
      this.site.db.get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', [
        'System Settings',
        'max_file_size',
      ])?.value ?? 0,
    );
    return mb > 0 ? mb * 1024 * 1024 : 25 * 1024 * 1024;
  }

  async upload(c: MethodCall): Promise<MethodResult> {
    const f = c.form;
    const isPrivate = ['1', 'true', 1, true].includes(f.is_private as string);
    const doctype = f.doctype ? String(f.doctype) : null;
    const docname = f.docname ? String(f.docname) : null;
    const guestOk =
      String(
        this.site.db.get('SELECT value FROM "tabSingles" WHERE doctype = ? AND field = ?', [
          'System Settings',
          'allow_guests_to_upload_files',
        ])?.value ?? '0',
      ) === '1';
    if (c.ctx.user === 'Guest' && !guestOk) throw notPermitted('Guest uploads are not allowed');
    if (doctype && docname && this.site.docs.exists(doctype, docname))
      this.site.docs.check(
        this.site.meta.require(doctype),
        'write',
        c.ctx,
        this.site.docs.load(this.site.meta.require(doctype), docname) ?? undefined,
        docname,
      );
    const file = c.files.get('file');
    if (!file && !f.file_url) throw frappeThrow('No file attached', 'MandatoryError');
    let fileUrl: string;
    let fileName = String(f.file_name ?? file?.filename ?? 'file');
    let size = 0;
    let hash: string | null = null;
    if (file) {
      const ext = extname(fileName).toLowerCase();
      const websiteUser =
        c.ctx.user === 'Guest' ||
        String(this.site.db.get('SELECT user_type FROM "tabUser" WHERE name = ?', [c.ctx.user])?.user_type ?? '') ===
          'Website User';
      if (websiteUser && !WEBSITE_TYPES.has(ext))
        throw frappeThrow(
          `You can only upload JPG, PNG, PDF, TXT, CSV or Microsoft documents.`,
          'ValidationError',
          'Not Permitted',
        );
      if (file.bytes.length > this.maxBytes())
        throw frappeThrow(
          `File size exceeded the maximum allowed size of ${Math.round(this.maxBytes() / 1048576)} MB`,
          'ValidationError',
        );
      size = file.bytes.length;
      hash = createHash('md5').update(file.bytes).digest('hex');
      const same = this.site.db.get(
        'SELECT file_url FROM "tabFile" WHERE content_hash = ? AND is_private = ? LIMIT 1',
        [hash, isPrivate ? 1 : 0],
      );
      if (same) fileUrl = String(same.file_url);
      else {
        fileName = fileName.replace(/[/\\]/g, '_');
        if (this.read(isPrivate, fileName))
          fileName = `${fileName.replace(/(\.[^.]*)?$/, '')}${randomBytes(3).toString('hex')}${extname(fileName)}`;
        this.store(isPrivate, fileName, file.bytes);
        fileUrl = `${isPrivate ? '/private' : ''}/files/${fileName}`;
      }
    } else fileUrl = String(f.file_url);
    const doc = await this.site.docs.insert(
      c.ctx,
      'File',
      {
        file_name: fileName,
        file_url: fileUrl,
        is_private: isPrivate ? 1 : 0,
        file_size: size,
        content_hash: hash,
        folder: f.folder ?? 'Home',
        attached_to_doctype: doctype,
        attached_to_name: docname,
        attached_to_field: f.fieldname ?? null,
        file_type: extname(fileName).slice(1).toUpperCase() || null,
      },
      { ignorePermissions: true, ignoreLinks: true },
    );
    if (doctype && docname && f.fieldname && this.site.docs.exists(doctype, docname))
      this.site.docs.setColumns(doctype, docname, { [String(f.fieldname)]: fileUrl }, c.ctx);
    return { message: doc };
  }

  serve(ctx: RequestContext, path: string): Response {
    const isPrivate = path.startsWith('/private/');
    const fileName = path.replace(/^\/(private\/)?files\//, '');
    if (!fileName || fileName.includes('..')) throw notFound('File', fileName);
    if (isPrivate) {
      const row = this.site.db.get(
        'SELECT owner, is_private, attached_to_doctype, attached_to_name FROM "tabFile" WHERE file_url = ? LIMIT 1',
        [path],
      );
      if (!row) throw notFound('File', fileName);
      const ok = ctx.roles.has('System Manager') || this.site.perms.fileAllowed({ ...row, is_private: 1 }, 'read', ctx);
      if (!ok) throw notPermitted(`You don't have permission to access this file`);
    }
    const bytes = this.read(isPrivate, fileName);
    if (!bytes) throw notFound('File', fileName);
    return new Response(Buffer.from(bytes), {
      status: 200,
      headers: {
        'content-type': MIME[extname(fileName).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': isPrivate ? 'private, no-store' : 'public, max-age=3600',
      },
    });
  }
}

export function fileMethods(files: Files): MethodTable {
  return { upload_file: { verbs: ['POST'], allowGuest: true, run: (c) => files.upload(c) } };
}
