/** The guest survey page's calls (issue 17): open a survey by its link, answer it once. */
import { method, request } from './api.ts';

export type QuestionType = 'CSAT' | 'NPS' | 'Rating' | 'Text';
export interface SurveyQuestion {
  question: string;
  type: QuestionType;
  required: 0 | 1;
}
export interface GuestSurvey {
  survey: string;
  state: 'open' | 'answered' | 'expired';
  company: string;
  language: string;
  trigger?: string;
  intro?: string;
  thanks?: string;
  questions?: SurveyQuestion[];
  case?: string | null;
  case_subject?: string | null;
  expires_on?: string;
}
export interface SurveyAnswers {
  csat: number | null;
  nps: number | null;
  comments: string;
  answers: { question: string; answer: string }[];
}

export const openSurvey = (survey: string, token: string): Promise<GuestSurvey> =>
  request<GuestSurvey>('POST', method('postventa.survey.get'), { body: { survey, token }, quiet: true });

export const answerGuestSurvey = (
  survey: string,
  token: string,
  a: SurveyAnswers,
): Promise<{ ok: boolean; detractor: 0 | 1 }> =>
  request('POST', method('postventa.survey.submit'), {
    body: { survey, token, csat: a.csat ?? '', nps: a.nps ?? '', comments: a.comments, answers: a.answers },
  });
