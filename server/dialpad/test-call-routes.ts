import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callStateSchema } from '../../common/calls';
import { toE164, toNational } from '../../common/phone';
import { authorize, callScope, can } from '../auth/policy';
import { authenticate, currentUser } from '../auth/session';
import type { CallEvent } from '../calls/call-event';
import { ingestCallEvent } from '../calls/ingest';
import { callsRepository } from '../calls/repository';
import { AppError, notFound } from '../http/errors';
import { testCallEnder, testCallHangup } from './test-call-end';

const testCallBody = z.strictObject({
  customerPhone: z.string().min(1).max(40),
  incomingNumber: z.string().min(1).max(40),
});

const testCallResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  data: z.object({
    type: z.literal('incoming_call'),
    callId: z.string(),
    customerPhone: z.string(),
    incomingNumber: z.string(),
    isTest: z.literal(true),
  }),
});

const endParams = z.object({ callId: z.string().min(1).max(100) });
const endResponse = z.object({ callId: z.string(), state: callStateSchema });

function phone(field: string, value: string): string {
  const e164 = toE164(value);
  if (!e164) throw new AppError('invalid_phone', `${field}: "${value}" is not a phone number`, [{ field, message: 'not a phone number', code: 'not_a_phone' }]);
  return e164;
}

/** A ringing call built by hand, sent through the same pipeline as Dialpad's. */
export function testCallEvent(customerE164: string, incomingE164: string, now = new Date()): CallEvent {
  const callId = `test-${randomUUID()}`;
  return {
    provider: 'test',
    callId,
    legId: callId,
    state: 'ringing',
    kind: 'ringing',
    direction: 'inbound',
    externalNumber: customerE164,
    internalNumber: incomingE164,
    occurredAt: now,
    startedAt: now,
    connectedAt: null,
    endedAt: null,
    durationMs: null,
    target: null,
    entryPoint: null,
    isTest: true,
    dedupeKey: `${callId}|ringing`,
    raw: { call_id: callId, state: 'ringing', external_number: customerE164, internal_number: incomingE164, test: true },
  };
}

export const testCallRoutes: FastifyPluginAsyncZod = async (app) => {
  // Test calls never reach /metrics: the deps leave `metrics` out.
  const deps = { db: app.db, realtime: app.realtime, directory: app.directory, log: app.log };
  const ender = testCallEnder(deps, app.config.testCallRingMs);
  app.addHook('onReady', async () => ender.start());
  app.addHook('onClose', () => ender.close());

  app.post(
    '/test-call',
    { onRequest: authenticate, schema: { body: testCallBody, response: { 200: testCallResponse } } },
    async (request) => {
      authorize(currentUser(request), 'calls:test');
      if (!app.config.testCallEnabled) {
        throw new AppError('not_found', 'Test calls are off in production; set CTI_ENABLE_TEST_CALL=true to allow them');
      }
      const event = testCallEvent(
        phone('customerPhone', request.body.customerPhone),
        phone('incomingNumber', request.body.incomingNumber),
      );
      await ingestCallEvent({ ...deps, log: request.log }, event);
      ender.schedule(event.callId);
      return {
        success: true as const,
        message: 'Test call broadcasted',
        data: {
          type: 'incoming_call' as const,
          callId: event.callId,
          customerPhone: toNational(event.externalNumber)!,
          incomingNumber: toNational(event.internalNumber)!,
          isTest: true as const,
        },
      };
    },
  );

  // The card's 終了: whoever may see the test call may end it (a real call ends only by Dialpad's word).
  app.post(
    '/test-call/:callId/end',
    {
      onRequest: authenticate,
      schema: { summary: 'End a test call now', tags: ['dialpad'], params: endParams, response: { 200: endResponse } },
    },
    async (request) => {
      const user = currentUser(request);
      const call = await callsRepository.findById(app.db, request.params.callId);
      if (!call || !call.isTest || !can(user, 'calls:read', callScope(call))) throw notFound('Test call');
      const result = await ingestCallEvent({ ...deps, log: request.log }, testCallHangup(call.id, 'button'));
      // A duplicate: its hangup (timer, sweep, another click) is in already, so it has ended.
      return { callId: call.id, state: result.state ?? 'ended' };
    },
  );
};
