/** Counts the suite prints: tried, refused, leaked (must be 0), 5xx (must be 0). */
export class Tally {
  tried = 0;
  refused = 0;
  leaked: string[] = [];
  errors: string[] = [];
  /** 500s a real Frappe 15.75 site answers too (docs/host-contract.md), counted apart. */
  hostKnown = 0;

  record(what: string, status: number, leaked: boolean, hostKnown = false): void {
    this.tried++;
    if (status >= 400) this.refused++;
    if (leaked) this.leaked.push(`${what} → ${status}`);
    if (status >= 500 && hostKnown) this.hostKnown++;
    else if (status >= 500) this.errors.push(`${what} → ${status}`);
  }

  line(label: string): string {
    const known = this.hostKnown ? ` (and ${this.hostKnown} 500s the real host answers too)` : '';
    return `${label}: tried ${this.tried}, refused ${this.refused}, leaked ${this.leaked.length}, 5xx ${this.errors.length}${known}`;
  }
}
