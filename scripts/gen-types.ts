/** `npm run gen`: writes generated/doctypes/*.ts from doctypes/*.json and removes stale files. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDoctypes } from './gen/load-doctypes.ts';
import { GENERATED_DIR, renderAll } from './gen/render-types.ts';

const files = renderAll(loadDoctypes('doctypes'));
mkdirSync(GENERATED_DIR, { recursive: true });
for (const existing of readdirSync(GENERATED_DIR)) {
  const path = join(GENERATED_DIR, existing);
  if (!files.has(path)) rmSync(path);
}
for (const [path, content] of files) writeFileSync(path, content);
console.log(`generated ${files.size} files in ${GENERATED_DIR}`);
