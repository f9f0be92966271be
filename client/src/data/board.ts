/**
 * The supervisors' scheduling board (issue 14): a week of the default support calendar (windows, closures, the
 * holiday list) × the technicians (members of the enabled support teams), their visits that week, the appointment
 * requests waiting, and the capacity per technician per day from Postventa Settings. Confirming, rescheduling and
 * cancelling go through `postventa.appointment.schedule`, which checks the same rules on the host.
 */
import type { AppointmentRequest } from '../../../generated/doctypes/index.ts';
import type { BoardVisit, CalendarWindow } from '../../../domain/appointments/board.ts';
import { list, method, request, resource } from './api.ts';

export interface BoardSettings {
  default_calendar: string | null;
  technician_daily_capacity: number | null;
}
export interface BoardVisitRow extends BoardVisit {
  name: string;
  customer: string;
  support_case: string | null;
  appointment_request: string | null;
  location: string | null;
}
export type WaitingRequest = Pick<
  AppointmentRequest,
  | 'name'
  | 'customer'
  | 'reason'
  | 'preferred_date'
  | 'preferred_slot'
  | 'alternative_date'
  | 'location'
  | 'status'
  | 'confirmed_start'
  | 'confirmed_end'
  | 'technician'
  | 'reschedule_count'
  | 'schedule_history'
>;

export interface BoardData {
  capacity: number;
  technicians: string[];
  windows: CalendarWindow[];
  closures: { closure_date: string; reason: string | null }[];
  holidays: { holiday_date: string; description: string | null }[];
  visits: BoardVisitRow[];
  requests: WaitingRequest[];
}

const REQUEST_FIELDS = [
  'name',
  'customer',
  'reason',
  'preferred_date',
  'preferred_slot',
  'alternative_date',
  'location',
  'status',
  'confirmed_start',
  'confirmed_end',
  'technician',
  'reschedule_count',
  'schedule_history',
];

async function calendar(name: string | null): Promise<Pick<BoardData, 'windows' | 'closures' | 'holidays'>> {
  if (!name) return { windows: [], closures: [], holidays: [] };
  const cal = await request<{
    windows?: CalendarWindow[];
    closures?: { closure_date: string; reason: string | null }[];
    holiday_list?: string | null;
  }>('GET', resource('Support Calendar', name));
  const holidays = cal.holiday_list
    ? await request<{ holidays?: { holiday_date: string; description: string | null }[] }>(
        'GET',
        resource('Holiday List', cal.holiday_list),
        { quiet: true },
      )
        .then((h) => h.holidays ?? [])
        .catch(() => [])
    : [];
  return { windows: cal.windows ?? [], closures: cal.closures ?? [], holidays };
}

export async function boardData(from: string, to: string): Promise<BoardData> {
  const settings = await request<BoardSettings>('GET', resource('Postventa Settings', 'Postventa Settings'));
  const [cal, members, visits, requests] = await Promise.all([
    calendar(settings.default_calendar),
    list<{ user: string }>('Support Team Member', {
      fields: ['user'],
      parent: 'Support Team',
      orderBy: 'user asc',
      limit: 500,
    }),
    list<BoardVisitRow>('Service Visit', {
      fields: [
        'name',
        'customer',
        'technician',
        'status',
        'scheduled_start',
        'scheduled_end',
        'support_case',
        'appointment_request',
        'location',
      ],
      filters: [
        ['scheduled_start', 'between', [`${from} 00:00:00`, `${to} 23:59:59`]],
        ['status', '!=', 'Cancelled'],
      ],
      orderBy: 'scheduled_start asc',
      limit: 500,
    }),
    list<WaitingRequest>('Appointment Request', {
      fields: REQUEST_FIELDS,
      filters: [['status', 'in', ['Requested', 'Confirmed', 'Rescheduled']]],
      orderBy: 'preferred_date asc',
      limit: 200,
    }),
  ]);
  return {
    capacity: settings.technician_daily_capacity || 4,
    technicians: [...new Set(members.map((m) => m.user))],
    ...cal,
    visits,
    requests,
  };
}

export type ScheduleAction =
  | { action: 'confirm' | 'reschedule'; technician: string; start: string; end: string; reason?: string }
  | { action: 'cancel'; reason: string };

export const schedule = (
  name: string,
  body: ScheduleAction,
): Promise<{ request: string; status: string; service_visit: string | null }> =>
  request('POST', method('postventa.appointment.schedule'), { body: { request: name, ...body } });
