/**
 * The small catalogue of symptoms and root causes (Support Problem Category) a case is filed under at diagnosis,
 * so the dashboard can count problems by product (issue 17). A category naming a product is offered only on that
 * product's cases; one without a product on every case.
 */
import type { SupportProblemCategory } from '../../../generated/doctypes/index.ts';
import { list } from './api.ts';

export type Category = Pick<SupportProblemCategory, 'name' | 'kind' | 'item' | 'module'>;

export async function caseCategories(product: string | null | undefined): Promise<Category[]> {
  const rows = await list<Category>('Support Problem Category', {
    fields: ['name', 'kind', 'item', 'module'],
    filters: [['enabled', '=', 1]],
    orderBy: 'name asc',
    limit: 500,
  });
  return rows.filter((r) => !r.item || r.item === product);
}
