/**
 * `npm run gen`: writes generated/doctypes/*.ts from doctypes/*.json and removes stale files, and renders the mail
 * templates the installer puts on the host as records.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDoctypes } from './gen/load-doctypes.ts';
import { GENERATED_DIR, renderAll } from './gen/render-types.ts';
import { INVITE_RECORD } from './gen/mail-records.ts';
import { portalInviteRecord } from '../server-scripts/companion/mail/portal-invite.ts';

const files = renderAll(loadDoctypes('doctypes'));
mkdirSync(GENERATED_DIR, { recursive: true });
for (const existing of readdirSync(GENERATED_DIR)) {
  const path = join(GENERATED_DIR, existing);
  if (!files.has(path)) rmSync(path);
}
for (const [path, content] of files) writeFileSync(path, content);
console.log(`generated ${files.size} files in ${GENERATED_DIR}`);

// The portal invitation's mjml, rendered once into the Email Template record the installer creates.
const invite = await portalInviteRecord();
writeFileSync(INVITE_RECORD, `${JSON.stringify([invite], null, 1)}\n`);
console.log(`rendered ${INVITE_RECORD}`);
