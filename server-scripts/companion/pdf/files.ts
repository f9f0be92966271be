/** Images read from the host for a PDF, and a finished PDF stored back on the host as a private File. */
import { z } from 'zod';
import type { HostClient } from '../../../host-client/client.ts';

const Uploaded = z.object({ name: z.string(), file_url: z.string() });

/** A host file as a data URL when it is a JPEG or PNG (all pdfmake embeds), else null. */
export async function imageData(client: HostClient, url: string, maxBytes = 8_000_000): Promise<string | null> {
  const bytes = await client.download(url, maxBytes).catch(() => null);
  if (!bytes) return null;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!png && !jpeg) return null;
  return `data:image/${png ? 'png' : 'jpeg'};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** Uploads a PDF as a private File attached to a document; answers the File's name and URL. */
export async function uploadPdf(
  client: HostClient,
  pdf: Buffer,
  fileName: string,
  attachedTo: { doctype: string; name: string },
): Promise<z.infer<typeof Uploaded>> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), fileName);
  form.set('is_private', '1');
  form.set('doctype', attachedTo.doctype);
  form.set('docname', attachedTo.name);
  return Uploaded.parse(await client.uploadFile(form));
}
