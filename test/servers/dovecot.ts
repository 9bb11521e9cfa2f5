/**
 * A private Dovecot IMAP server on loopback for tests, following docs in
 * /work/shared/design/test-servers.md: a throwaway config in a temp folder, started as root,
 * with mail owned by the unprivileged `dovecot` user. `restart()` keeps the data (same folder,
 * same port) and starts a new process, which is how tests drop every open connection.
 */
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from './wait.js';

const run = promisify(execFile);
export const DOVECOT_BINARY = process.env.SNOOOZ_DOVECOT ?? '/usr/sbin/dovecot';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users: DovecotUser[];
  /** Replaces the advertised capabilities (e.g. without IDLE, to exercise polling). */
  capabilities?: string;
  /** Folders created for every user with a special-use flag, e.g. `{ Brouillons: '\\Drafts' }`. */
  specialUse?: Record<string, string>;
  /** Accept XOAUTH2/OAUTHBEARER, validating tokens at this RFC 7662 introspection URL. */
  oauth2IntrospectionUrl?: string;
  /** The introspection answer's field that names the mailbox (default `username`; OpenID servers: `sub`). */
  oauth2UsernameAttribute?: string;
}

export interface DovecotServer {
  host: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  /** Stops and starts again with the same data and port: every client connection drops. */
  restart(): Promise<void>;
}

const running = new Set<string>();
// A crashed test run must not leave daemons behind; this runs synchronously at exit.
process.once('exit', () => {
  for (const dir of running) {
    killMaster(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

export async function startDovecot(options: DovecotOptions): Promise<DovecotServer> {
  if (!existsSync(DOVECOT_BINARY)) {
    throw new Error(
      `Dovecot is not installed (${DOVECOT_BINARY} is missing): run "apt-get install -y dovecot-imapd" (CI installs it).`,
    );
  }
  if (userInfo().uid !== 0) throw new Error('The Dovecot test server must run as root (see test-servers.md).');

  const dir = mkdtempSync(path.join(tmpdir(), 'snoooz-dovecot-'));
  // dovenull/dovecot must reach the sockets under base_dir.
  chmodSync(dir, 0o755);
  const mail = path.join(dir, 'mail');
  mkdirSync(mail);
  mkdirSync(path.join(dir, 'run'));
  mkdirSync(path.join(dir, 'state'));
  const { uid, gid } = await dovecotIds();
  chownSync(mail, uid, gid);
  writeFileSync(path.join(dir, 'users'), options.users.map((u) => `${u.user}:{PLAIN}${u.password}\n`).join(''), {
    mode: 0o644,
  });
  const port = await freePort();
  writeFileSync(path.join(dir, 'dovecot.conf'), config(dir, port, options));
  if (options.oauth2IntrospectionUrl) {
    writeFileSync(
      path.join(dir, 'oauth2.conf'),
      [
        `introspection_mode = post`,
        `introspection_url = ${options.oauth2IntrospectionUrl}`,
        `username_attribute = ${options.oauth2UsernameAttribute ?? 'username'}`,
        `active_attribute = active`,
        `active_value = true`,
        '',
      ].join('\n'),
      { mode: 0o644 },
    );
  }

  const server: DovecotServer = {
    host: '127.0.0.1',
    port,
    dir,
    async stop() {
      await stopMaster(dir);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stopMaster(dir);
      await startMaster(dir, port);
    },
  };
  try {
    await startMaster(dir, port);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}

function config(dir: string, port: number, options: DovecotOptions): string {
  const lines = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    `protocols = imap`,
    `listen = 127.0.0.1`,
    `ssl = no`,
    `disable_plaintext_auth = no`,
    `auth_mechanisms = plain login${options.oauth2IntrospectionUrl ? ' xoauth2 oauthbearer' : ''}`,
    `first_valid_uid = 1`,
    `mail_location = maildir:${dir}/mail/%u`,
    `passdb {`,
    `  driver = passwd-file`,
    `  args = scheme=PLAIN username_format=%u ${dir}/users`,
    `}`,
  ];
  if (options.oauth2IntrospectionUrl) {
    lines.push(
      `passdb {`,
      `  driver = oauth2`,
      `  mechanisms = xoauth2 oauthbearer`,
      `  args = ${dir}/oauth2.conf`,
      `}`,
    );
  }
  lines.push(
    `userdb {`,
    `  driver = static`,
    `  args = uid=dovecot gid=dovecot home=${dir}/mail/%u`,
    `}`,
    `service imap-login {`,
    `  inet_listener imap {`,
    `    address = 127.0.0.1`,
    `    port = ${port}`,
    `  }`,
    `  inet_listener imaps {`,
    `    port = 0`,
    `  }`,
    `}`,
  );
  if (options.capabilities) lines.push(`protocol imap {`, `  imap_capability = ${options.capabilities}`, `}`);
  if (options.specialUse) {
    lines.push(`namespace inbox {`, `  inbox = yes`, `  separator = /`);
    for (const [name, flag] of Object.entries(options.specialUse)) {
      lines.push(`  mailbox ${name} {`, `    special_use = ${flag}`, `    auto = create`, `  }`);
    }
    lines.push(`}`);
  }
  return lines.join('\n') + '\n';
}

async function dovecotIds(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['dovecot']);
  const uid = /uid=(\d+)/.exec(stdout)?.[1];
  const gid = /gid=(\d+)/.exec(stdout)?.[1];
  if (!uid || !gid) throw new Error('The "dovecot" system user is missing (it comes with dovecot-core).');
  return { uid: Number(uid), gid: Number(gid) };
}

async function startMaster(dir: string, port: number): Promise<void> {
  // The master forks into the background; its children keep inherited pipes open, so stdio is
  // ignored (execFile would wait for those pipes forever) and only the exit code is read.
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(DOVECOT_BINARY, ['-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`Dovecot did not start (exit ${code}):\n${readLog(dir)}`);
  running.add(dir);
  await waitFor(() => greets(port), { timeoutMs: 10_000, what: `Dovecot on port ${port}\n${readLog(dir)}` });
}

async function stopMaster(dir: string): Promise<void> {
  const pid = masterPid(dir);
  running.delete(dir);
  if (pid === null) return;
  // A logged-in session's imap process outlives its master (it is reparented and keeps serving),
  // so a restart would not drop connections: end the master's children too.
  const children = childPids(pid);
  killMaster(dir, pid);
  await waitFor(() => !alive(pid), { timeoutMs: 10_000, what: `Dovecot (pid ${pid}) to exit` });
  for (const child of children) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The processes whose parent is `pid` (from /proc; this harness runs on Linux only). */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

function masterPid(dir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dir, 'run', 'master.pid'), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function killMaster(dir: string, pid = masterPid(dir)): void {
  if (pid === null) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'dovecot.log'), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

/** True once the server answers with its `* OK` greeting (listening alone is not enough). */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('* OK')));
  });
}
