// In-process fan-out of live events to Server-Sent-Event clients. Events are emitted only after the
// transaction that produced them committed, so a client never sees something the store lacks.
import { EventEmitter } from 'node:events';

export type LiveEvent =
  | { type: 'alert'; alertId: number; incidentId: number; confidence: number; timeUs: number }
  | { type: 'incident'; incident: unknown }
  | { type: 'board'; board: unknown }
  | { type: 'alert-ack'; alertId: number; by: string }
  | { type: 'verification'; boardId: string; agree: number; clips: number };

export function createLiveBus() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (e: LiveEvent) => { emitter.emit('event', e); },
    subscribe: (fn: (e: LiveEvent) => void) => {
      emitter.on('event', fn);
      return () => { emitter.off('event', fn); };
    },
    listeners: () => emitter.listenerCount('event'),
  };
}

export type LiveBus = ReturnType<typeof createLiveBus>;
