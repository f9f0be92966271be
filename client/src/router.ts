/**
 * Routes load their page on demand (code splitting). Every route but the public ones needs a signed-in user, and
 * each belongs to an area the user's roles must open (client/src/access.ts): a portal customer never loads the desk,
 * an agent never the administration; a route outside the user's areas sends them to their own home.
 */
import { createRouter, createWebHashHistory, createWebHistory } from 'vue-router';
import type { Area } from './access.ts';
import { currentAccess, currentUser, whoami } from './data/session.ts';

const HOME: Record<Area, string> = { desk: 'queue', admin: 'admin', accounts: 'accounts', portal: 'portal' };

export const router = createRouter({
  // Served by the host's Web Page at /postventa, which answers that one route only: hash history there
  // (/postventa#/desk survives a reload on a real site); path history under Vite in development.
  history: window.location.pathname.startsWith('/postventa') ? createWebHashHistory() : createWebHistory('/'),
  routes: [
    { path: '/', name: 'home', redirect: () => ({ name: HOME[currentAccess.value.home] }) },
    { path: '/login', name: 'login', component: () => import('./pages/auth/LoginPage.vue') },
    { path: '/no-access', name: 'no-access', component: () => import('./pages/auth/NoAccessPage.vue') },
    { path: '/desk', name: 'queue', component: () => import('./pages/desk/QueuePage.vue'), meta: { area: 'desk' } },
    {
      path: '/desk/new',
      name: 'new-case',
      component: () => import('./pages/desk/NewCasePage.vue'),
      meta: { area: 'desk' },
    },
    {
      path: '/desk/case/:name',
      name: 'case',
      component: () => import('./pages/desk/CasePage.vue'),
      props: true,
      meta: { area: 'desk' },
    },
    {
      path: '/desk/case/:name/print',
      name: 'case-print',
      component: () => import('./pages/desk/CasePrintPage.vue'),
      props: true,
      meta: { bare: true, area: 'desk' },
    },
    {
      path: '/desk/policies',
      name: 'policies',
      component: () => import('./pages/desk/PoliciesPage.vue'),
      meta: { area: 'desk' },
    },
    {
      path: '/desk/policy/:name',
      name: 'policy',
      component: () => import('./pages/desk/PolicyPage.vue'),
      props: true,
      meta: { area: 'desk' },
    },
    {
      path: '/desk/plans',
      name: 'plans',
      component: () => import('./pages/desk/PlansPage.vue'),
      meta: { area: 'desk' },
    },
    {
      path: '/desk/customer/:name',
      name: 'customer',
      component: () => import('./pages/desk/CustomerPage.vue'),
      props: true,
      meta: { area: 'desk' },
    },
    {
      path: '/desk/visits',
      name: 'visits',
      component: () => import('./pages/desk/VisitsPage.vue'),
      meta: { area: 'desk' },
    },
    {
      path: '/desk/visit/:name',
      name: 'visit',
      component: () => import('./pages/desk/VisitPage.vue'),
      props: true,
      meta: { area: 'desk' },
    },
    {
      path: '/desk/dashboard',
      name: 'dashboard',
      component: () => import('./pages/desk/DashboardPage.vue'),
      meta: { area: 'desk', supervisors: true },
    },
    {
      path: '/desk/board',
      name: 'board',
      component: () => import('./pages/desk/BoardPage.vue'),
      meta: { area: 'desk' },
    },
    {
      path: '/confirm/:case/:token',
      name: 'confirm',
      component: () => import('./pages/public/ConfirmPage.vue'),
      props: true,
      meta: { public: true },
    },
    {
      path: '/survey/:survey/:token/:score?',
      name: 'survey',
      component: () => import('./pages/public/SurveyPage.vue'),
      props: true,
      meta: { public: true },
    },
    {
      path: '/renewal/:policy/:token',
      name: 'renewal',
      component: () => import('./pages/public/RenewalPage.vue'),
      props: true,
      meta: { public: true },
    },
    { path: '/admin', name: 'admin', component: () => import('./pages/admin/AdminPage.vue'), meta: { area: 'admin' } },
    {
      path: '/accounts',
      name: 'accounts',
      component: () => import('./pages/accounts/AccountsPage.vue'),
      meta: { area: 'accounts' },
    },
    {
      path: '/accounts/case/:name',
      name: 'accounts-case',
      component: () => import('./pages/accounts/AccountsCasePage.vue'),
      props: true,
      meta: { area: 'accounts' },
    },
    {
      path: '/portal',
      name: 'portal',
      component: () => import('./pages/portal/PortalHome.vue'),
      meta: { area: 'portal' },
    },
    {
      path: '/portal/case/:name',
      name: 'portal-case',
      component: () => import('./pages/portal/PortalCasePage.vue'),
      props: true,
      meta: { area: 'portal' },
    },
    {
      path: '/portal/new',
      name: 'portal-new',
      component: () => import('./pages/portal/PortalNewCase.vue'),
      meta: { area: 'portal' },
    },
    {
      path: '/portal/invoices',
      name: 'portal-invoices',
      component: () => import('./pages/portal/PortalInvoices.vue'),
      meta: { area: 'portal' },
    },
    {
      path: '/portal/help',
      name: 'portal-help',
      component: () => import('./pages/portal/PortalHelp.vue'),
      meta: { area: 'portal' },
    },
    {
      path: '/portal/appointments',
      name: 'portal-appointments',
      component: () => import('./pages/portal/PortalAppointments.vue'),
      meta: { area: 'portal' },
    },
    {
      path: '/portal/credentials',
      name: 'portal-vault',
      component: () => import('./pages/portal/PortalVault.vue'),
      meta: { area: 'portal' },
    },
  ],
});

router.beforeEach(async (to) => {
  // The page's code downloads while the session is read (they used to wait one for the other).
  for (const r of to.matched) {
    const load = r.components?.default;
    if (typeof load === 'function') void (load as () => Promise<unknown>)().catch(() => undefined);
  }
  if (to.name === 'login' || to.meta.public) return true;
  if (!currentUser.value && !(await whoami())) return { name: 'login', query: { next: to.fullPath } };
  const area = to.meta.area as Area | undefined;
  if (area && !currentAccess.value.areas.has(area)) {
    const home = HOME[currentAccess.value.home];
    // A signed-in user with no Postventa role has no home: they are told so, not bounced around.
    return to.name === home || !currentAccess.value.areas.size ? { name: 'no-access' } : { name: home };
  }
  // Supervisors' pages (the schedule's decisions, the dashboard): an agent goes back to the queue.
  if (to.meta.supervisors && !currentAccess.value.supervises) return { name: HOME[currentAccess.value.home] };
  return true;
});
