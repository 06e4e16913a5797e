import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Command, Option } from 'commander';
import { SignJWT } from 'jose';
import { formatPhone, toE164 } from '../common/phone';
import { dataDirOf, type LocalServer, readLocalWebhookSecret, runningLocalServer, SERVER_FILE, WEBHOOK_SECRET_FILE } from '../server/cli-api';
import { type CliIo, CliError, line, parsePositiveInt, parseSeconds, UsageError } from './context';
import { WEBHOOK_PATH } from './dialpad';
import { type CallScript, callLengthMs, dialpadScript, guideScript, type ScriptedCall } from './simulate-events';

type Format = 'dialpad' | 'guide';

interface SimulateOptions {
  from: string;
  to: string;
  answerAfter: number;
  hangupAfter: number;
  missed?: boolean;
  legs: number;
  format: Format;
  url?: string;
  secret?: string;
  officeId?: string;
  wait: boolean;
  speed: number;
}

/** Our server answers in milliseconds; Dialpad itself gives up after 5 s. */
const SEND_TIMEOUT_MS = 10_000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function phone(name: string, value: string): string {
  const e164 = toE164(value);
  if (!e164) throw new UsageError(`${name} is not a phone number: "${value}"`);
  return e164;
}

/** Accepts the server's base URL or the full webhook URL. */
function webhookUrl(raw: string, io: CliIo): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`--url must be the server's URL, such as http://localhost:5000, not "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url must be an http(s) URL');
  if (!url.pathname.endsWith(WEBHOOK_PATH)) url.pathname = `${url.pathname.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  if (!LOCAL_HOSTS.has(url.hostname)) {
    line(io.stderr, `warning: sending a simulated call to ${url.host}: every open screen there will pop up`);
  }
  return url;
}

/** Signs and encodes one event as it goes over the wire in that format. */
async function encode(format: Format, payload: Record<string, unknown>, secret: string): Promise<{ body: string; headers: Record<string, string> }> {
  if (format === 'dialpad') {
    // Dialpad's real delivery: the body is a compact HS256 JWT of the call object, with no exp.
    const body = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
    return { body, headers: { 'content-type': 'text/plain' } };
  }
  const body = JSON.stringify(payload);
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-dialpad-signature': signature } };
}

/** The server's `{error, message}`, or the start of whatever else it answered. */
async function serverMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.message === 'string') return typeof body.error === 'string' ? `${body.error}: ${body.message}` : body.message;
  } catch {
    // Not our JSON (a proxy's error page, say): show its beginning.
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || response.statusText;
}

async function post(url: URL, body: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (err) {
    const cause = err instanceof Error ? err.cause : undefined;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? ` (${String(cause.code)})` : '';
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    throw new CliError(`cannot reach ${url.host}${timedOut ? `: no answer within ${SEND_TIMEOUT_MS / 1000} s` : code}; is the server running?`);
  }
}

/**
 * Where to send, and what to sign with: the options, else the environment, else what the server
 * running on this DATA_DIR left there (its port in server.json, the secret it generated), so that
 * after `npm start` a bare `npx cti simulate --from … --to …` works.
 */
function target(io: CliIo, options: SimulateOptions): { url: string; secret: string } {
  const dataDir = dataDirOf(io.env);
  const local: LocalServer | undefined = options.url === undefined ? runningLocalServer(dataDir) : undefined;
  const url = options.url ?? local?.url ?? `http://localhost:${io.env.PORT?.trim() || '5000'}`;
  const secret = options.secret ?? io.env.DIALPAD_WEBHOOK_SECRET ?? generatedSecret(dataDir, local);
  if (!secret) {
    const why =
      local?.webhookSecret === 'environment'
        ? `the server at ${local.url} takes DIALPAD_WEBHOOK_SECRET from its environment`
        : local?.webhookSecret === 'missing'
          ? `the server at ${local.url} has no webhook secret, so it refuses every call: set DIALPAD_WEBHOOK_SECRET there too`
          : `no ${WEBHOOK_SECRET_FILE} in ${dataDir} (the server writes one on its first start in development)`;
    throw new UsageError(`no secret to sign with: ${why}; pass --secret or set DIALPAD_WEBHOOK_SECRET (the server's value)`);
  }
  return { url, secret };
}

/** The secret a development server generated, unless the running server says it signs with another. */
function generatedSecret(dataDir: string, local: LocalServer | undefined): string | undefined {
  if (local && local.webhookSecret !== 'generated') return undefined;
  return readLocalWebhookSecret(dataDir);
}

async function simulate(io: CliIo, options: SimulateOptions): Promise<void> {
  const { url: serverUrl, secret } = target(io, options);
  const script: CallScript = {
    from: phone('--from', options.from),
    to: phone('--to', options.to),
    legs: options.legs,
    missed: options.missed === true,
    answerAfterS: options.answerAfter,
    hangupAfterS: options.hangupAfter,
    officeId: options.officeId,
  };
  const url = webhookUrl(serverUrl, io);
  const speed = options.wait ? options.speed : Number.POSITIVE_INFINITY;
  const plan = options.format === 'dialpad' ? dialpadScript : guideScript;
  const now = Date.now();
  // Event times are virtual (the call's own pace), sent `speed` times faster: starting the call
  // length × (1 − 1/speed) ago makes every event's time at most now when it is sent, and never older
  // than the call is long, so the server's replay window on event times always lets it in.
  const call: ScriptedCall = plan(script, now - Math.round(callLengthMs(script) * (1 - 1 / speed)));

  line(
    io.stdout,
    `call ${call.callId}: ${formatPhone(script.from)} → ${formatPhone(script.to)}, ${script.legs} leg(s), ${options.format} format, to ${url.href}`,
  );
  const started = Date.now();
  for (const event of call.events) {
    const due = started + event.offsetMs / speed;
    if (due > Date.now()) await sleep(due - Date.now());
    const { body, headers } = await encode(options.format, event.payload, secret);
    const response = await post(url, body, headers);
    const at = `+${(event.offsetMs / 1000).toFixed(1)}s`.padStart(7);
    line(io.stdout, `${at}  ${event.label}  → ${response.status}`);
    if (!response.ok) throw new CliError(`the server refused "${event.label}" with ${response.status}: ${await serverMessage(response)}`);
    await response.body?.cancel();
  }
  const outcome = script.missed ? 'missed' : `answered, ${(call.durationMs / 1000).toFixed(0)} s from first ring to hangup`;
  line(io.stderr, `Sent ${call.events.length} events for call ${call.callId} (${outcome}).`);
}

export function registerSimulate(program: Command, io: CliIo): void {
  program
    .command('simulate')
    .description('Send a realistic, correctly signed inbound call to a running server, as Dialpad would.')
    .requiredOption('--from <number>', "the caller's number, e.g. 09012345678")
    .requiredOption('--to <number>', 'the Dialpad number dialled, e.g. 05017481234')
    .addOption(
      new Option('--answer-after <s>', 'seconds of ringing before the first agent answers')
        .default(3)
        .argParser(parseSeconds('--answer-after'))
        .conflicts('missed'),
    )
    .addOption(
      new Option('--hangup-after <s>', 'seconds of talk before hanging up (with --missed: of ringing)')
        .default(20)
        .argParser(parseSeconds('--hangup-after')),
    )
    .option('--missed', 'nobody answers: every leg rings, then hangs up, then missed')
    .addOption(
      new Option('--legs <n>', 'agents rung at once (each its own Dialpad leg)').default(1).argParser(parsePositiveInt('--legs', 20)),
    )
    .addOption(
      new Option('--format <format>', "dialpad: JWT body (real); guide: the setup guide's JSON + X-Dialpad-Signature")
        .choices(['dialpad', 'guide'])
        .default('dialpad'),
    )
    .option('--url <url>', `the server's URL or its full webhook URL (default: the server running on DATA_DIR, from its ${SERVER_FILE}; else http://localhost:PORT)`)
    .option('--secret <secret>', `the webhook secret (default: DIALPAD_WEBHOOK_SECRET, else the one the server generated in DATA_DIR/${WEBHOOK_SECRET_FILE})`)
    .option('--office-id <id>', 'Dialpad office id of the number dialled (to test store resolution by office)')
    .addOption(new Option('--speed <factor>', 'run the waits this many times faster').default(1).argParser(parsePositiveSpeed))
    .option('--no-wait', 'send every event at once (the times inside the events stay realistic)')
    .action(async (options: SimulateOptions) => {
      if (options.officeId !== undefined && !/^\d+$/.test(options.officeId)) throw new UsageError('--office-id must be a number');
      await simulate(io, options);
    });
}

function parsePositiveSpeed(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--speed must be a positive number, not "${value}"`);
  return n;
}
