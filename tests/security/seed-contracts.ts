/** B's póliza (what its portal home shows B) and an interaction logged on B (staff only), for the isolation matrix. */

/** What site.ts hands over: its seeding helpers and who reads what (written here to keep the import one-way). */
interface ContractSeeding<A extends string> {
  customers: { B: string };
  mark(label: string): string;
  insert(doctype: string, doc: Record<string, unknown>): Promise<{ name: string }>;
  target: (t: { label: string; doctype: string; name: string; field: string; marker: string; readers: A[] }) => unknown;
}

export async function seedContracts<A extends string>(
  s: ContractSeeding<A>,
  who: { staff: readonly A[]; caseReaders: readonly A[]; customerB: A },
): Promise<void> {
  const policyMarker = s.mark('Policy');
  const policy = await s.insert('Service Policy', {
    customer: s.customers.B,
    status: 'Active',
    start_date: '2026-01-01',
    end_date: '2027-12-31',
    suspension_reason: policyMarker,
  });
  s.target({
    label: "B's póliza",
    doctype: 'Service Policy',
    name: policy.name,
    field: 'suspension_reason',
    marker: policyMarker,
    // Accountants read pólizas to invoice them (Accounts User, README "Installing into a real site").
    readers: [who.customerB, ...who.caseReaders],
  });
  const talkMarker = s.mark('Interaction');
  const talk = await s.insert('Customer Interaction', {
    customer: s.customers.B,
    interaction_type: 'Call',
    direction: 'Inbound',
    summary: talkMarker,
  });
  s.target({
    label: 'an interaction logged on B',
    doctype: 'Customer Interaction',
    name: talk.name,
    field: 'summary',
    marker: talkMarker,
    readers: [...who.staff],
  });
}
