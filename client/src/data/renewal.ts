/**
 * The renewal page's one host call (`postventa.policy.renewal`, allowed to guests): the link's policy and secret,
 * to see what is renewed or to accept it. The host checks the secret; nothing here is trusted.
 */
import { method, request } from './api.ts';

export interface RenewalOffer {
  policy: string;
  customer: string;
  plan: string | null;
  ends: string;
  start: string;
  end: string;
  amount: number;
  currency: string | null;
  invoice: string | null;
  bank_details: string;
  renewed_to: string | null;
}

export const renewal = (policy: string, token: string, action: 'view' | 'accept'): Promise<RenewalOffer> =>
  request<RenewalOffer>('POST', method('postventa.policy.renewal'), {
    body: { policy, token, action },
    quiet: true,
  });
