import { type Command, Option } from 'commander';
import {
  DIALPAD_API_BASE,
  DIALPAD_CALL_STATES,
  DIALPAD_SANDBOX_API_BASE,
  DIALPAD_TARGET_TYPES,
  DialpadClient,
} from '../server/cli-api';
import { type CliIo, CliError, line, UsageError } from './context';
import { setup, status, teardown } from './dialpad-actions';
import { registerDialpadContacts } from './dialpad-contacts';
import { reportMissingRecordingLinks } from './dialpad-recordings';

export const WEBHOOK_PATH = '/api/dialpad/webhook';
/**
 * voicemail_uploaded and recording bring the voicemail and recording links staff see (留守電 ▶, 録音 ▶);
 * blocked, the calls of numbers an admin blocked, kept in the history as ブロック済み (never popped).
 */
const DEFAULT_STATES = 'ringing,connected,hangup,missed,voicemail,voicemail_uploaded,recording,blocked';
/** The setup guide's state names, which Dialpad does not know, and the real ones to use instead. */
const GUIDE_STATES: Record<string, string> = { answered: 'connected', ended: 'hangup' };
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

interface ApiOptions {
  sandbox?: boolean;
}

/** The client for DIALPAD_API_KEY, on DIALPAD_API_BASE, or the sandbox with --sandbox. */
export function clientFor(io: CliIo, options: ApiOptions): DialpadClient {
  const apiKey = io.env.DIALPAD_API_KEY?.trim();
  if (!apiKey) {
    throw new CliError(
      'DIALPAD_API_KEY is not set. A company admin creates one in Dialpad (Admin settings > Authentication > API keys); export it and run again.',
    );
  }
  const configured = io.env.DIALPAD_API_BASE?.trim() || undefined;
  if (options.sandbox && configured && configured !== DIALPAD_SANDBOX_API_BASE) {
    line(io.stderr, `--sandbox: using ${DIALPAD_SANDBOX_API_BASE} instead of DIALPAD_API_BASE=${configured}`);
  }
  const baseUrl = options.sandbox ? DIALPAD_SANDBOX_API_BASE : (configured ?? DIALPAD_API_BASE);
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) throw new CliError(`DIALPAD_API_BASE must be an http(s) URL such as ${DIALPAD_API_BASE}`);
  return new DialpadClient({ apiKey, baseUrl });
}

/** The webhook URL exactly as given (Dialpad matches it as a string), after checking it can work. */
export function checkHookUrl(raw: string, io: CliIo): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url must be a full URL such as https://cti.example.jp${WEBHOOK_PATH}, not "${raw}"`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new UsageError(`--url must start with https:// (call details travel over it); http is allowed only for localhost`);
  }
  if (url.username || url.password) throw new UsageError('--url must not contain a user name or password');
  if (!url.pathname.endsWith(WEBHOOK_PATH)) {
    line(io.stderr, `warning: --url does not end with ${WEBHOOK_PATH}, where this server takes Dialpad's events`);
  }
  if (local) line(io.stderr, 'warning: Dialpad cannot reach localhost; use this URL only against a test double');
  return value;
}

/** `ringing,connected,...` checked against Dialpad's state names. */
export function parseStates(raw: string): string[] {
  const states = [...new Set(raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  if (states.length === 0) throw new UsageError('--states needs at least one call state, such as ringing');
  const known = new Set<string>(DIALPAD_CALL_STATES);
  for (const state of states) {
    const bare = state.startsWith('call.') ? state.slice('call.'.length) : state;
    const real = GUIDE_STATES[bare];
    if (real) throw new UsageError(`--states: "${state}" is the setup guide's name; Dialpad calls that state "${real}"`);
    if (!known.has(state)) {
      throw new UsageError(`--states: Dialpad has no call state "${state}". Known states: ${DIALPAD_CALL_STATES.join(', ')}`);
    }
  }
  return states;
}

function parseTarget(options: { targetType?: string; targetId?: string }): { type: string; id: string } | undefined {
  const { targetType, targetId } = options;
  if (targetType === undefined && targetId === undefined) return undefined;
  if (targetType === undefined || targetId === undefined) {
    throw new UsageError('--target-type and --target-id go together (leave both out to subscribe to the whole company)');
  }
  if (!/^\d+$/.test(targetId)) throw new UsageError(`--target-id must be Dialpad's numeric id, not "${targetId}"`);
  return { type: targetType, id: targetId };
}

const sandboxOption = () => new Option('--sandbox', `use Dialpad's sandbox (${DIALPAD_SANDBOX_API_BASE})`);

export function registerDialpad(program: Command, io: CliIo): void {
  const dialpad = program
    .command('dialpad')
    .description('Connect this server to Dialpad: webhook and call-event subscription (uses DIALPAD_API_KEY, DIALPAD_API_BASE).');

  dialpad
    .command('setup')
    .description(
      'Create (or reuse) the webhook for --url and subscribe it to call events. Prints DIALPAD_WEBHOOK_SECRET=... on stdout.',
    )
    .requiredOption('--url <url>', `public URL of this server's webhook, https://HOST${WEBHOOK_PATH}`)
    .option('--states <list>', "comma-separated Dialpad call states", DEFAULT_STATES)
    .addOption(new Option('--target-type <type>', 'limit the subscription to one target').choices(DIALPAD_TARGET_TYPES))
    .option('--target-id <id>', "the target's Dialpad id (with --target-type)")
    .addOption(sandboxOption())
    .action(async (options: { url: string; states: string; targetType?: string; targetId?: string; sandbox?: boolean }) => {
      const hookUrl = checkHookUrl(options.url, io);
      const states = parseStates(options.states);
      const target = parseTarget(options);
      await setup(clientFor(io, options), io, { hookUrl, states, target });
    });

  dialpad
    .command('status')
    .description('List the webhooks and call subscriptions (all pages), marking those that point at --url.')
    .option('--url <url>', "this server's webhook URL, to mark what points here")
    .addOption(sandboxOption())
    .action(async (options: { url?: string; sandbox?: boolean }) => {
      const hookUrl = options.url === undefined ? undefined : checkHookUrl(options.url, io);
      await status(clientFor(io, options), io, hookUrl);
      await reportMissingRecordingLinks(io);
    });

  dialpad
    .command('teardown')
    .description('Delete the call subscriptions and the webhook that point at --url.')
    .requiredOption('--url <url>', 'the webhook URL given to setup')
    .addOption(sandboxOption())
    .action(async (options: { url: string; sandbox?: boolean }) => {
      await teardown(clientFor(io, options), io, checkHookUrl(options.url, io));
    });

  registerDialpadContacts(dialpad, io);
}
