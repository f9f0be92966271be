/** English catalog of the survey page, the dashboard and the knowledge base (issue 17; spread into en.ts). */
import type { metricsEs } from './metrics.es.ts';

export const metricsEn: typeof metricsEs = {
  survey: {
    title: 'How did we do?',
    titleVisit: 'How was the technical visit?',
    titleRelationship: 'Would you recommend us?',
    about: 'Case {case}: {subject}',
    csat: 'How satisfied are you with the support you got?',
    nps: 'How likely are you to recommend us to a colleague?',
    comment: 'Comment (optional)',
    csatLow: 'Very unsatisfied',
    csatHigh: 'Very satisfied',
    npsLow: 'Not at all likely',
    npsHigh: 'Extremely likely',
    face1: 'Very unsatisfied',
    face2: 'Unsatisfied',
    face3: 'Neutral',
    face4: 'Satisfied',
    face5: 'Very satisfied',
    required: 'Required',
    send: 'Send answer',
    missing: 'Please answer: {question}',
    thanks: 'Thank you for your answer!',
    answered: 'This survey was already answered. Thank you!',
    expired:
      'This survey has closed. If you want to tell us something, reply to the e-mail or write to us: we read it all the same.',
    invalid: 'The survey link is not valid. Check that it is complete.',
    loading: 'Loading survey…',
  },
};
