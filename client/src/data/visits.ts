/**
 * The technician's visits (issue 15): today's and upcoming ones of the signed-in user, one visit with its case and
 * the equipment's service log, and each step written to the host, which stamps the times and locks the record once
 * the customer signs (server-scripts/host/visit_rules.py). On a poor connection what was typed is kept in this
 * browser (localStorage) until the host has it: a failed save is retried, a reload restores the draft.
 */
import type { ServiceVisit } from '../../../generated/doctypes/index.ts';
import { list, request, resource, upload } from './api.ts';

export type VisitRow = Pick<
  ServiceVisit,
  'name' | 'customer' | 'status' | 'scheduled_start' | 'scheduled_end' | 'location' | 'support_case' | 'serial_no'
>;

const FIELDS = [
  'name',
  'customer',
  'status',
  'scheduled_start',
  'scheduled_end',
  'location',
  'support_case',
  'serial_no',
];

/** The user's visits from today on (and any still in progress), soonest first. */
export const myVisits = (user: string, today: string): Promise<VisitRow[]> =>
  list<VisitRow>('Service Visit', {
    fields: FIELDS,
    filters: [
      ['technician', '=', user],
      ['status', 'in', ['Proposed', 'Scheduled', 'In Progress']],
    ],
    orFilters: [
      ['scheduled_start', '>=', `${today} 00:00:00`],
      ['status', '=', 'In Progress'],
    ],
    orderBy: 'scheduled_start asc',
    limit: 50,
  });

export const visit = (name: string): Promise<ServiceVisit> =>
  request<ServiceVisit>('GET', resource('Service Visit', name));

export const saveVisit = (name: string, body: Partial<ServiceVisit>): Promise<ServiceVisit> =>
  request<ServiceVisit>('PUT', resource('Service Visit', name), { body });

export interface ServiceLogRow {
  name: string;
  status: string;
  scheduled_start: string;
  finished_on: string | null;
  technician: string | null;
}
/** The serial's earlier visits: its service log. */
export const serviceLog = (serial: string, except: string): Promise<ServiceLogRow[]> =>
  list<ServiceLogRow>('Service Visit', {
    fields: ['name', 'status', 'scheduled_start', 'finished_on', 'technician'],
    filters: [
      ['serial_no', '=', serial],
      ['name', '!=', except],
    ],
    orderBy: 'scheduled_start desc',
    limit: 10,
  });

/** A photo from the phone's camera, already compressed, as a private File of the visit. */
export function attachPhoto(visitName: string, blob: Blob, fileName: string): Promise<{ file_url: string }> {
  const form = new FormData();
  form.set('file', blob, fileName);
  form.set('is_private', '1');
  form.set('doctype', 'Service Visit');
  form.set('docname', visitName);
  return upload<{ file_url: string }>(form);
}

/**
 * A photo scaled down in the browser before it leaves the phone: at most `edge` pixels on its long side, JPEG at
 * the given quality (a 12 MP photo of ~4 MB becomes ~200 kB).
 */
export async function compressPhoto(file: File, edge = 1600, quality = 0.72): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, edge / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('compress'))), 'image/jpeg', quality),
  );
}

export interface VisitDraft {
  work_done: string;
  recommendations: string;
  signed_by: string;
  /** When it was typed (ms): a draft older than the host's last change is dropped. */
  at: number;
}
const key = (name: string): string => `pv-visit-draft:${name}`;
export function readDraft(name: string): VisitDraft | null {
  try {
    const raw = localStorage.getItem(key(name));
    return raw ? (JSON.parse(raw) as VisitDraft) : null;
  } catch {
    return null;
  }
}
export const keepDraft = (name: string, d: Omit<VisitDraft, 'at'>): void =>
  localStorage.setItem(key(name), JSON.stringify({ ...d, at: Date.now() }));
export const dropDraft = (name: string): void => localStorage.removeItem(key(name));
