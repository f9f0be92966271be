/** Spanish translations of Postventa's labels. */
import { AnyDoc } from '../../../host-client/client.ts';
import { siteTranslations } from '../site-state.ts';
import { type Action, type Planning, readJson } from '../planning.ts';

/** Spanish translations: one action per file (hundreds of rows), created or corrected. */
export async function planTranslations(p: Planning): Promise<Action[]> {
  const { client, manifest, opts } = p;
  const actions: Action[] = [];
  for (const rel of manifest.fixtures.translations) {
    const wanted = readJson(opts.root, rel) as { source_text: string; translated_text: string }[];
    const site = await siteTranslations(
      client,
      wanted.map((w) => w.source_text),
    );
    const have = new Map(site.map((s) => [String(s.source_text), s]));
    const create = wanted.filter((w) => !have.has(w.source_text));
    const fix = wanted.filter(
      (w) => have.has(w.source_text) && have.get(w.source_text)?.translated_text !== w.translated_text,
    );
    actions.push(
      create.length || fix.length
        ? {
            kind: 'translation',
            name: `es (${rel})`,
            op: create.length ? 'create' : 'update',
            detail: `${create.length} new, ${fix.length} corrected, ${wanted.length - create.length - fix.length} unchanged`,
            run: async () => {
              for (const w of create) await client.insert('Translation', { language: 'es', ...w }, AnyDoc);
              for (const w of fix)
                await client.update(
                  'Translation',
                  String(have.get(w.source_text)?.name),
                  { translated_text: w.translated_text },
                  AnyDoc,
                );
            },
          }
        : { kind: 'translation', name: `es (${rel})`, op: 'unchanged', detail: `${wanted.length} labels` },
    );
  }
  return actions;
}
