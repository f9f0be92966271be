import { describe, expect, it } from 'vitest';
import { rankSimilar, similarity, words } from './similar.ts';

const me = {
  name: 'C-1',
  subject: 'Bomba sin presión',
  symptom: '<p>Presión &lt;2 bar al arrancar la bomba</p>',
  serial_no: 'SN-1',
};

describe('similar cases', () => {
  it('words ignore accents, tags, short and filler words', () => {
    expect([...words('<p>Presión baja en la BOMBA, para el cliente</p>')].sort()).toEqual(['baja', 'bomba', 'presion']);
  });

  it.each([
    [{ name: 'C-2', subject: 'Presión baja en bomba', symptom: '' }, true],
    [{ name: 'C-3', subject: 'Factura duplicada', symptom: 'Llegó dos veces' }, false],
    [{ name: 'C-4', subject: 'Otra cosa', symptom: '', serial_no: 'SN-1' }, true],
  ])('%o shares something: %s', (other, shares) => {
    expect(similarity(me, other) > 0).toBe(shares);
  });

  it('ranks the same serial and most shared words first, leaves out itself and the unrelated', () => {
    const ranked = rankSimilar(me, [
      { name: 'C-1', subject: 'Bomba sin presión' },
      { name: 'C-3', subject: 'Factura duplicada' },
      { name: 'C-2', subject: 'Bomba ruidosa' },
      { name: 'C-5', subject: 'Presión de la bomba al arrancar' },
      { name: 'C-4', subject: 'Otra cosa', serial_no: 'SN-1' },
    ]);
    expect(ranked.map((r) => r.name)).toEqual(['C-4', 'C-5', 'C-2']);
  });
});
