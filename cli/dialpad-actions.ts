import { randomBytes } from 'node:crypto';
import type { DialpadCallSubscription, DialpadClient, DialpadWebhook } from '../server/cli-api';
import { type CliIo, line, type Output } from './context';
import { MEDIA_STATES } from './dialpad-recordings';

export interface SetupPlan {
  hookUrl: string;
  states: string[];
  target: { type: string; id: string } | undefined;
}

/** 32 random bytes: as strong as the HS256 key Dialpad signs with can use. */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function sameStates(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

function describeSubscription(s: DialpadCallSubscription): string {
  const scope = s.target_type ? `${s.target_type} ${s.target_id ?? '?'}` : 'whole company';
  const enabled = s.enabled === false ? ', disabled' : '';
  return `${s.call_states.join(',') || '(no states)'} (${scope}${enabled})`;
}

async function deleteWebhookAndSubscriptions(
  client: DialpadClient,
  out: Output,
  webhook: DialpadWebhook,
  subscriptions: DialpadCallSubscription[],
): Promise<void> {
  // Subscriptions first: one left behind would point at a webhook that no longer exists.
  for (const s of subscriptions.filter((sub) => sub.webhook_id === webhook.id)) {
    await client.deleteCallSubscription(s.id);
    line(out, `deleted call subscription ${s.id}: ${describeSubscription(s)}`);
  }
  await client.deleteWebhook(webhook.id);
  line(out, `deleted webhook ${webhook.id}`);
}

/**
 * Points Dialpad at `hookUrl`: reuses the webhook already there when Dialpad tells its secret
 * (otherwise replaces it, since the server cannot verify events without the secret), then makes
 * sure one subscription with exactly these states and target exists. Only the secret line goes to stdout.
 */
export async function setup(client: DialpadClient, io: CliIo, plan: SetupPlan): Promise<void> {
  const log = (text: string) => line(io.stderr, text);
  log(`Dialpad API: ${client.baseUrl}`);
  const matching = (await client.listWebhooks()).filter((w) => w.hook_url === plan.hookUrl);
  const reusable = matching.find((w) => w.signature?.secret);
  let subscriptions: DialpadCallSubscription[] = [];
  let webhook: DialpadWebhook;
  let secret: string;

  if (reusable?.signature?.secret) {
    webhook = reusable;
    secret = reusable.signature.secret;
    log(`Reusing webhook ${webhook.id}, which already points at ${plan.hookUrl} (Dialpad returned its secret).`);
    subscriptions = await client.listCallSubscriptions();
  } else {
    if (matching.length > 0) subscriptions = await client.listCallSubscriptions();
    for (const old of matching) {
      log(`Webhook ${old.id} already points at ${plan.hookUrl}, but Dialpad does not tell its secret,`);
      log('so this server could not verify its events: deleting it and creating a new one.');
      await deleteWebhookAndSubscriptions(client, io.stderr, old, subscriptions);
    }
    subscriptions = [];
    secret = newSecret();
    webhook = await client.createWebhook({ hook_url: plan.hookUrl, secret });
    log(`Created webhook ${webhook.id} for ${plan.hookUrl} (events are signed as HS256 JWTs with the new secret).`);
  }

  // Only when reusing: otherwise every other webhook for this URL was just deleted.
  const others = reusable ? matching.filter((w) => w.id !== webhook.id) : [];
  for (const w of others) {
    log(`warning: webhook ${w.id} also points at ${plan.hookUrl}; its events carry another secret and will be refused.`);
    log(`         Run "cti dialpad teardown --url ${plan.hookUrl}" and then setup again to keep a single one.`);
  }

  const target = plan.target;
  const forWebhook = subscriptions.filter((s) => s.webhook_id === webhook.id);
  const identical = forWebhook.find(
    (s) =>
      s.enabled !== false &&
      sameStates(s.call_states, plan.states) &&
      (s.target_type ?? undefined) === target?.type &&
      (s.target_id ?? undefined) === target?.id,
  );
  if (identical) {
    log(`Call subscription ${identical.id} already sends ${describeSubscription(identical)} to it: kept.`);
  } else {
    const created = await client.createCallSubscription({
      endpoint_id: webhook.id,
      call_states: plan.states,
      enabled: true,
      target_type: target?.type,
      target_id: target?.id,
    });
    // Described from what was asked: Dialpad's answer may leave fields out.
    const asked = { ...created, call_states: plan.states, enabled: true, target_type: target?.type ?? null, target_id: target?.id ?? null };
    log(`Created call subscription ${created.id}: ${describeSubscription(asked)}.`);
  }
  for (const s of forWebhook.filter((sub) => sub !== identical)) {
    log(`note: call subscription ${s.id} also feeds this webhook: ${describeSubscription(s)}.`);
  }

  line(io.stdout, `DIALPAD_WEBHOOK_SECRET=${secret}`);
  log('');
  log("Put the DIALPAD_WEBHOOK_SECRET line above into the server's environment and restart it.");
  log(`Then check with: cti dialpad status --url ${plan.hookUrl}`);
}

/** Lists every webhook and subscription; `*` marks what points at `hookUrl`. Never prints secrets. */
export async function status(client: DialpadClient, io: CliIo, hookUrl: string | undefined): Promise<void> {
  const [webhooks, subscriptions] = [await client.listWebhooks(), await client.listCallSubscriptions()];
  const ours = new Set(webhooks.filter((w) => w.hook_url === hookUrl).map((w) => w.id));
  const known = new Set(webhooks.map((w) => w.id));
  const mark = (hit: boolean) => (hookUrl === undefined ? '  ' : hit ? '* ' : '  ');

  line(io.stdout, `Dialpad API: ${client.baseUrl}`);
  line(io.stdout, `Webhooks (${webhooks.length}):`);
  for (const w of webhooks) {
    const signing = w.signature?.type ? `signed (${w.signature.type}${w.signature.algo ? ` ${w.signature.algo}` : ''})` : 'unsigned';
    line(io.stdout, `${mark(ours.has(w.id))}${w.id}  ${w.hook_url}  ${signing}`);
  }
  line(io.stdout, `Call subscriptions (${subscriptions.length}):`);
  for (const s of subscriptions) {
    const to = s.webhook_id === null ? 'no webhook' : `webhook ${s.webhook_id}${known.has(s.webhook_id) ? '' : ' (gone)'}`;
    line(io.stdout, `${mark(s.webhook_id !== null && ours.has(s.webhook_id))}${s.id}  → ${to}  ${describeSubscription(s)}`);
  }
  if (hookUrl !== undefined) {
    const feeding = subscriptions.filter((s) => s.webhook_id !== null && ours.has(s.webhook_id));
    if (ours.size === 0) {
      line(io.stderr, `Nothing points at ${hookUrl}: run "cti dialpad setup --url ${hookUrl}".`);
    } else if (feeding.length === 0) {
      line(io.stderr, `A webhook points at ${hookUrl} but no call subscription feeds it: run setup again.`);
    } else {
      line(io.stderr, `* = points at ${hookUrl}`);
      for (const s of feeding) {
        const lacking = MEDIA_STATES.filter((state) => !s.call_states.includes(state) && !s.call_states.includes('all'));
        if (lacking.length > 0) {
          line(io.stderr, `note: call subscription ${s.id} does not send ${lacking.join(', ')}: staff see no voicemail or recording links. Run setup again.`);
        }
      }
    }
  }
}

/** Removes the subscriptions and webhooks that point at `hookUrl`. */
export async function teardown(client: DialpadClient, io: CliIo, hookUrl: string): Promise<void> {
  const matching = (await client.listWebhooks()).filter((w) => w.hook_url === hookUrl);
  if (matching.length === 0) {
    line(io.stderr, `No webhook points at ${hookUrl}: nothing to remove.`);
    return;
  }
  const subscriptions = await client.listCallSubscriptions();
  for (const webhook of matching) await deleteWebhookAndSubscriptions(client, io.stdout, webhook, subscriptions);
  line(io.stderr, `Dialpad no longer sends call events to ${hookUrl}.`);
}
