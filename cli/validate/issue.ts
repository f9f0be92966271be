/** One validation finding: where (file, doctype, field) and what, in one sentence. */
export interface ValidationIssue {
  file: string;
  doctype?: string;
  field?: string;
  message: string;
}

export function formatIssue(issue: ValidationIssue): string {
  const where = [issue.doctype, issue.field].filter(Boolean).join('.');
  return `${issue.file}: ${where ? `${where}: ` : ''}${issue.message}`;
}
