/** ERPNext's Task behaviour the plugin relies on (docs/host-contract.md). */
import type { Kernel } from '../../kernel.ts';
import type { Controller } from '../../model/types.ts';

export function taskController(_site: Kernel): Controller {
  return {
    validate: (doc) => {
      // Completing sets progress but not completed_on/completed_by; the desk UI fills those (docs/host-contract.md).
      if (doc.status === 'Completed') doc.progress = 100;
    },
  };
}
