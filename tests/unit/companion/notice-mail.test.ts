import { describe, expect, it } from 'vitest';
import { noticeLang, noticeMail } from '../../../server-scripts/companion/mail/notices.ts';

const values = {
  customer: 'Minera <script>alert(1)</script>',
  equipment: 'CT-15 · CT-15-CL-0001',
  when: 'martes, 24 de noviembre de 2026, 09:00–11:00',
  place: 'Faena "Los Bronces"',
  reference: 'CASO-2026-00001',
  reason: '',
};

describe('notice e-mails', () => {
  it('Spanish by default: responsive HTML with the values escaped, and a plain text for WhatsApp', async () => {
    const m = await noticeMail('maintenance', 'es', values);
    expect(m.subject).toBe('Mantención preventiva programada: martes, 24 de noviembre de 2026, 09:00–11:00');
    expect(m.html).toContain('@media'); // mjml's responsive columns
    expect(m.html).toContain('Minera &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Faena &quot;Los Bronces&quot;');
    expect(m.message).toContain('Su mantención preventiva está programada');
    expect(m.message).toContain('Caso CASO-2026-00001');
  });

  it('English for a customer whose language is English', async () => {
    expect(noticeLang('en-US')).toBe('en');
    expect(noticeLang('es-CL')).toBe('es');
    expect(noticeLang(null)).toBe('es');
    const m = await noticeMail('rescheduled', 'en', { ...values, reason: 'the technician is ill' });
    expect(m.subject).toMatch(/^Visit rescheduled: /);
    expect(m.message).toContain('Reason: the technician is ill.');
  });
});
