/**
 * The renewal e-mail of a póliza (seed 000, phase 5), a responsive mjml template rendered by the companion: Spanish
 * first, then English, with the new term, the amount and the button to the renewal page. The page's link carries a
 * secret only the host knows, so the template holds `[[link]]` and `postventa.policy.invoice` puts the link there.
 */
import mjml2html from 'mjml';

export interface RenewalMail {
  policy: string;
  customer: string;
  ends: string;
  start: string;
  end: string;
  /** The amount as the customer reads it ("$180.000"), or '' when the plan has no price. */
  amount: string;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const block = (lang: 'es' | 'en', m: RenewalMail): string => {
  const t =
    lang === 'es'
      ? {
          title: `Renovación de su póliza ${m.policy}`,
          body: `La póliza de ${m.customer} termina el ${m.ends}. La renovación cubre del ${m.start} al ${m.end}${m.amount ? ` por ${m.amount}` : ''}.`,
          button: 'Revisar y aceptar la renovación',
        }
      : {
          title: `Renewal of your policy ${m.policy}`,
          body: `The policy of ${m.customer} ends on ${m.ends}. The renewal covers ${m.start} to ${m.end}${m.amount ? ` for ${m.amount}` : ''}.`,
          button: 'Review and accept the renewal',
        };
  return `<mj-section padding="8px 0"><mj-column>
    <mj-text font-size="18px" font-weight="600" padding-bottom="4px">${esc(t.title)}</mj-text>
    <mj-text>${esc(t.body)}</mj-text>
    <mj-button href="[[link]]" background-color="#171717" border-radius="6px" align="left">${esc(t.button)}</mj-button>
  </mj-column></mj-section>`;
};

/** The subject and the HTML body (with `[[link]]` for the host to fill). */
export async function renewalMail(m: RenewalMail): Promise<{ subject: string; html: string }> {
  const source = `<mjml lang="es"><mj-head><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="14px" line-height="1.5" color="#171717" /></mj-attributes></mj-head>
  <mj-body background-color="#f5f5f5" width="560px"><mj-wrapper background-color="#ffffff" padding="16px" border-radius="8px">
  ${block('es', m)}<mj-section padding="0"><mj-column><mj-divider border-width="1px" border-color="#e5e5e5" /></mj-column></mj-section>${block('en', m)}
  </mj-wrapper></mj-body></mjml>`;
  const out = await mjml2html(source, { validationLevel: 'strict' });
  if (out.errors.length) throw new Error(`renewal mail: ${out.errors.map((e) => e.formattedMessage).join('; ')}`);
  return { subject: `Renovación de su póliza ${m.policy} / Renewal of your policy ${m.policy}`, html: out.html };
}
