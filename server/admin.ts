import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { PERSON_ROLES } from '../core/model';
import type { PersonRole } from '../core/model';
import { hashToken, newDeviceToken } from './auth';
import { BUNDLE_USAGE, BundleUsageError, bundleCommand } from './bundleAdmin';
import { openServerStore } from './open';
import type { ServerStore, Subject, User } from './storage/serverStore';

const USAGE = `Usage: fieldbook-server (--data-dir DIR | --database-url URL) <command>

  user add --email E --name N --role R [--role R…] [--clearance L…] [--home-region R]
  user list
  team add NAME
  team member --team NAME --email E
  grant (--email E | --team NAME) --account ID --access read|write
  revoke (--email E | --team NAME) --account ID
  device issue --email E --name NAME      prints the device token once
  device revoke DEVICE_ID
  clearance add --email E --label L
  clearance remove --email E --label L
${BUNDLE_USAGE}

Roles: ${PERSON_ROLES.join(', ')}. DATABASE_URL may replace --database-url.`;

export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
}

class AdminError extends Error {}

const labelSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Labels are lower-case letters, digits and dashes, like us-secret.');

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ args, options: options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AdminError((error as Error).message);
  }
}

function need(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new AdminError(`Missing ${what}.`);
  return value;
}

async function userOf(store: ServerStore, email: string | undefined): Promise<User> {
  const user = await store.userByEmail(need(email, '--email'));
  if (!user) throw new AdminError(`No user with email ${email}. Add one with: user add --email ${email} …`);
  return user;
}

async function subjectOf(store: ServerStore, values: { email?: string | undefined; team?: string | undefined }): Promise<Subject> {
  if (values.email && values.team) throw new AdminError('Give either --email or --team, not both.');
  if (values.team) {
    const id = await store.teamByName(values.team);
    if (!id) throw new AdminError(`No team named ${values.team}.`);
    return { type: 'team', id };
  }
  return { type: 'user', id: (await userOf(store, values.email)).id };
}

async function run(argv: string[], io: AdminIo, env: NodeJS.ProcessEnv): Promise<number> {
  let split = 0;
  while (split < argv.length && argv[split]?.startsWith('-')) split += ['--data-dir', '--database-url'].includes(argv[split] ?? '') ? 2 : 1;
  const global = parse(argv.slice(0, split), { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, help: { type: 'boolean' } });
  const [area, ...afterArea] = argv.slice(split);
  // grant and revoke have no action word: everything after them is their options.
  const single = area === 'grant' || area === 'revoke';
  const action = single ? undefined : afterArea[0];
  const rest = single ? afterArea : afterArea.slice(1);
  if (global.values['help'] || !area) {
    io.out(USAGE);
    return global.values['help'] ? 0 : 2;
  }
  const databaseUrl = (global.values['database-url'] as string | undefined) ?? env['DATABASE_URL'];
  const dataDir = global.values['data-dir'] as string | undefined;
  if (!databaseUrl && !dataDir) throw new AdminError('Give --data-dir DIR (SQLite) or --database-url URL (PostgreSQL).');
  const store = await openServerStore(databaseUrl ? { databaseUrl } : { dataDir });
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  try {
    if (area === 'bundle') {
      try {
        return await bundleCommand(store, afterArea, io, env, databaseUrl ? { databaseUrl } : { ...(dataDir ? { dataDir } : {}) });
      } catch (error) {
        if (error instanceof BundleUsageError) throw new AdminError(error.message);
        throw error;
      }
    }
    const command = `${area} ${action ?? ''}`.trim();
    switch (command) {
      case 'user add': {
        const { values } = parse(rest, {
          email: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string', multiple: true },
          clearance: { type: 'string', multiple: true },
          'home-region': { type: 'string' },
        });
        const email = z.email().safeParse(values['email']);
        if (!email.success) throw new AdminError('Give a valid --email, like dana@example.com.');
        const roles = (values['role'] as string[] | undefined) ?? [];
        if (roles.length === 0) throw new AdminError(`Give at least one --role (${PERSON_ROLES.join(', ')}).`);
        const badRole = roles.find((r) => !(PERSON_ROLES as readonly string[]).includes(r));
        if (badRole) throw new AdminError(`Unknown role "${badRole}". Roles: ${PERSON_ROLES.join(', ')}.`);
        const clearances = (values['clearance'] as string[] | undefined) ?? [];
        for (const c of clearances) if (!labelSchema.safeParse(c).success) throw new AdminError(`Bad clearance label "${c}". Labels are lower-case letters, digits and dashes.`);
        if (await store.userByEmail(email.data)) throw new AdminError(`A user with email ${email.data} already exists.`);
        print(
          await store.addUser({
            email: email.data,
            name: need(values['name'] as string | undefined, '--name'),
            roles: roles as PersonRole[],
            clearances,
            homeRegion: (values['home-region'] as string | undefined) ?? 'global',
          }),
        );
        return 0;
      }
      case 'user list':
        print(await store.listUsers());
        return 0;
      case 'team add': {
        const name = need(parse(rest, {}).positionals[0], 'the team name');
        if (await store.teamByName(name)) throw new AdminError(`A team named ${name} already exists.`);
        print({ id: await store.addTeam(name), name });
        return 0;
      }
      case 'team member': {
        const { values } = parse(rest, { team: { type: 'string' }, email: { type: 'string' } });
        const teamName = need(values['team'] as string | undefined, '--team');
        const team = await store.teamByName(teamName);
        if (!team) throw new AdminError(`No team named ${teamName}.`);
        const user = await userOf(store, values['email'] as string | undefined);
        await store.addTeamMember(team, user.id);
        print({ team: teamName, user: user.email });
        return 0;
      }
      case 'grant':
      case 'revoke': {
        const { values } = parse(rest, { email: { type: 'string' }, team: { type: 'string' }, account: { type: 'string' }, access: { type: 'string' } });
        const subject = await subjectOf(store, values);
        const account = need(values['account'] as string | undefined, '--account');
        if (area === 'grant') {
          const access = values['access'];
          if (access !== 'read' && access !== 'write') throw new AdminError('Give --access read or --access write.');
          await store.grant(subject, account, access);
          print({ granted: access, account, subject });
        } else {
          if (!(await store.revoke(subject, account))) throw new AdminError('There was no such grant; nothing changed.');
          print({ revoked: account, subject });
        }
        return 0;
      }
      case 'device issue': {
        const { values } = parse(rest, { email: { type: 'string' }, name: { type: 'string' } });
        const user = await userOf(store, values['email'] as string | undefined);
        const token = newDeviceToken();
        const device = await store.addDevice(user.id, need(values['name'] as string | undefined, '--name'), hashToken(token));
        print({ deviceId: device.id, user: user.email, token, note: 'The token is shown only now. Store it on the device.' });
        return 0;
      }
      case 'device revoke': {
        const id = need(parse(rest, {}).positionals[0], 'the device id');
        if (!(await store.revokeDevice(id))) throw new AdminError(`No active device with id ${id}.`);
        print({ revoked: id });
        return 0;
      }
      case 'clearance add':
      case 'clearance remove': {
        const { values } = parse(rest, { email: { type: 'string' }, label: { type: 'string' } });
        const user = await userOf(store, values['email'] as string | undefined);
        const label = labelSchema.safeParse(values['label']);
        if (!label.success) throw new AdminError('Give --label, lower-case letters, digits and dashes (like us-secret).');
        const next = action === 'add' ? [...user.clearances, label.data] : user.clearances.filter((c) => c !== label.data);
        await store.setClearances(user.id, next);
        print({ user: user.email, clearances: [...new Set(next)].sort() });
        return 0;
      }
      default:
        throw new AdminError(`Unknown command "${command}".`);
    }
  } finally {
    await store.close();
  }
}

export async function adminMain(argv: string[], io: AdminIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await run(argv, io, env);
  } catch (error) {
    if (error instanceof AdminError) {
      io.err(`fieldbook-server: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`fieldbook-server: ${(error as Error).message}`);
    return 1;
  }
}
