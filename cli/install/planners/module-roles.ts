/** The module and Postventa's roles. */
import { AnyDoc } from '../../../host-client/client.ts';
import { diffKeys } from '../compare.ts';
import { type Action, type Planning, type Rec, readJson, upsert } from '../planning.ts';

/** Module and roles */
export async function planModuleAndRoles(p: Planning): Promise<Action[]> {
  const { client, manifest, opts, find } = p;
  const actions: Action[] = [];
  const mod = await find('Module Def', manifest.module);
  actions.push(
    mod
      ? { kind: 'module', name: manifest.module, op: 'unchanged' }
      : {
          kind: 'module',
          name: manifest.module,
          op: 'create',
          run: async () =>
            void (await client.insert(
              'Module Def',
              { module_name: manifest.module, app_name: 'frappe', custom: 1 },
              AnyDoc,
            )),
        },
  );
  for (const role of readJson(opts.root, manifest.fixtures.roles) as Rec[]) {
    const site = await find('Role', String(role.name));
    const diff = site ? diffKeys(role, site, ['desk_access', 'disabled']) : [];
    actions.push(
      upsert('role', String(role.name), site, diff, {
        create: () => client.insert('Role', { role_name: role.role_name, desk_access: role.desk_access }, AnyDoc),
        update: () => client.update('Role', String(role.name), { desk_access: role.desk_access, disabled: 0 }, AnyDoc),
      }),
    );
  }
  return actions;
}
