/**
 * Postventa's messages that go to people of either language are written "texto en español / English text". A
 * reader gets one half: a text with 2k+1 separators is cut at the middle one (each half may hold a " / " itself);
 * any other text is one language already and is left whole.
 */
export interface Halves {
  es: string;
  en: string;
}

export function halves(text: string): Halves | null {
  const parts = text.split(' / ');
  if (parts.length < 2 || parts.length % 2 !== 0) return null;
  const half = parts.length / 2;
  return { es: parts.slice(0, half).join(' / ').trim(), en: parts.slice(half).join(' / ').trim() };
}

/** The reader's half of a bilingual text, or the text itself. */
export function inLanguage(text: string, lang: 'es' | 'en'): string {
  const h = halves(text);
  return h ? h[lang] : text;
}
