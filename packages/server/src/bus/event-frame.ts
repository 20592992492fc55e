/**
 * A server event as the frame a device receives (docs/protocol.md §5). Deliveries carry frames rather than
 * event objects, so an event is serialised once by whoever sends it, however many nodes, devices or group
 * members it reaches.
 */
export function eventFrame(event: string, data: unknown): string {
  return JSON.stringify({ event, data });
}
