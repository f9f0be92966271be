import { describe, expect, it } from 'vitest';
import { halves, inLanguage } from './bilingual.ts';

describe('bilingual texts', () => {
  it.each([
    ['Falta el síntoma. / The symptom is missing.', 'Falta el síntoma.', 'The symptom is missing.'],
    ['P1/S1 escalado a N2. / P1/S1 escalated to N2.', 'P1/S1 escalado a N2.', 'P1/S1 escalated to N2.'],
    ['VIP / Contrato vencido. / VIP / Contract expired.', 'VIP / Contrato vencido.', 'VIP / Contract expired.'],
  ])('%s', (text, es, en) => {
    expect(halves(text)).toEqual({ es, en });
    expect(inLanguage(text, 'en')).toBe(en);
  });

  it.each(['Solo un idioma.', 'a / b / c', 'Presión <2 bar / >8 bar / revisar'])(
    'one language left whole: %s',
    (text) => {
      expect(inLanguage(text, 'es')).toBe(text);
    },
  );
});
