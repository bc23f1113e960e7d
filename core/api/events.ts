import type { EventFrame, EventMap, EventName } from './contract';

/** A small typed event bus: the core publishes, every connected transport forwards. */
export class EventBus {
  private readonly listeners = new Set<(frame: EventFrame) => void>();

  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    const frame = { kind: 'event', name, payload } as EventFrame;
    for (const listener of this.listeners) listener(frame);
  }

  subscribe(listener: (frame: EventFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
