/** `postventa validate [--root DIR] [--json]`: checks doctypes, fixtures and the manifest. Exit 0 clean, 1 issues. */
import { z } from 'zod';
import { formatIssue } from '../validate/issue.ts';
import { validateProject } from '../validate/validate-project.ts';

export const ValidateArgsSchema = z.strictObject({ root: z.string().default('.'), json: z.boolean().default(false) });

export function runValidate(args: z.infer<typeof ValidateArgsSchema>, out: (line: string) => void): number {
  const result = validateProject(args.root);
  if (args.json) {
    out(JSON.stringify(result));
  } else {
    for (const issue of result.issues) out(formatIssue(issue));
    out(
      result.issues.length === 0
        ? `ok: ${result.doctypes} doctypes and ${result.files} files follow Frappe 15's rules`
        : `${result.issues.length} problem(s) in ${result.files} files`,
    );
  }
  return result.issues.length === 0 ? 0 : 1;
}
