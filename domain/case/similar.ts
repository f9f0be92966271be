/**
 * Cases like this one, for the agent beside the case: the same serial, or the same product with words of the
 * subject and symptom in common. Pure: candidates come from the caller; texts may be the host's HTML.
 */
const STOP = new Set(
  'para como pero este esta estos estas desde cuando sobre entre tiene tienen hace hacer cliente equipo favor with from that this when have does there their'.split(
    ' ',
  ),
);

/** The meaningful words of a text: lower case, accents and tags dropped, four letters or more, no filler words. */
export function words(text: string | null | undefined): Set<string> {
  const plain = (text ?? '')
    .replace(/<[^>]*>/g, ' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return new Set(plain.split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !STOP.has(w)));
}

export interface SimilarCandidate {
  name: string;
  subject?: string | null;
  symptom?: string | null;
  serial_no?: string | null;
  product?: string | null;
}

/** Shared words over the geometric mean of the two sets' sizes (0–1), plus 2 for the same serial (its own history first). */
export function similarity(a: SimilarCandidate, b: SimilarCandidate): number {
  const wa = words(`${a.subject ?? ''} ${a.symptom ?? ''}`);
  const wb = words(`${b.subject ?? ''} ${b.symptom ?? ''}`);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  const text = wa.size && wb.size ? shared / Math.sqrt(wa.size * wb.size) : 0;
  const serial = a.serial_no && a.serial_no === b.serial_no ? 2 : 0;
  return Math.round((text + serial) * 1000) / 1000;
}

/** The most similar other cases first (ties keep the caller's order, newest first); none without anything shared. */
export function rankSimilar<T extends SimilarCandidate>(c: SimilarCandidate, candidates: readonly T[], limit = 5): T[] {
  return candidates
    .filter((x) => x.name !== c.name)
    .map((x, i) => ({ x, i, score: similarity(c, x) }))
    .filter((s) => s.score > 0)
    .sort((p, q) => q.score - p.score || p.i - q.i)
    .slice(0, limit)
    .map((s) => s.x);
}
