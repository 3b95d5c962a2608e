// MQTT topic names of the board protocol (firmware-bridge/PROTOCOL.md §7). A board publishes its work
// (DETECTION, replies, logs) on `gunshot/<board-id>/up`, its state (HELLO, HEARTBEAT) on
// `gunshot/<board-id>/state`, and listens on `gunshot/<board-id>/down`. Several gateways share the up
// topics (each message to one of them) but every gateway reads every state topic: a board's health and
// clock must be known to whichever gateway its next detection reaches. A board id in a topic is 1..16 of
// [A-Za-z0-9_.-]: it fits HELLO's board_id field and never contains the MQTT wildcards `+`, `#` or `/`.
import { MessageType } from '../serial/messages.ts';

export const TOPIC_ROOT = 'gunshot';
export const BOARD_ID_RE = /^[A-Za-z0-9_.-]{1,16}$/;

export const upTopic = (boardId: string) => `${TOPIC_ROOT}/${checkBoardId(boardId)}/up`;
export const stateTopic = (boardId: string) => `${TOPIC_ROOT}/${checkBoardId(boardId)}/state`;
export const downTopic = (boardId: string) => `${TOPIC_ROOT}/${checkBoardId(boardId)}/down`;

/** Frame types a board publishes on its state topic; everything else it sends goes on its up topic. */
export const STATE_TYPES: ReadonlySet<number> = new Set([MessageType.HELLO, MessageType.HEARTBEAT]);

/** Which of a board's topics carries a frame of this type it sends. */
export const frameTopicKind = (type: number): 'up' | 'state' => (STATE_TYPES.has(type) ? 'state' : 'up');

/** The board's topic for a frame of this type. */
export const topicForFrame = (boardId: string, type: number) => (frameTopicKind(type) === 'state' ? stateTopic(boardId) : upTopic(boardId));

/** The gateway's subscriptions: every board's up topic (shared by a group of gateways when `group` is set) and every state topic (never shared). */
export function gatewaySubscriptions(group?: string): string[] {
  if (group !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(group)) {
    throw new RangeError(`MQTT share group must be 1..64 of [A-Za-z0-9_.-], got "${group}"`);
  }
  return [`${group !== undefined ? `$share/${group}/` : ''}${TOPIC_ROOT}/+/up`, `${TOPIC_ROOT}/+/state`];
}

/** The board id and kind of a board's up or state topic, or null when the topic is neither. */
export function parseBoardTopic(topic: string): { boardId: string; kind: 'up' | 'state' } | null {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== TOPIC_ROOT || (parts[2] !== 'up' && parts[2] !== 'state') || !BOARD_ID_RE.test(parts[1])) return null;
  return { boardId: parts[1], kind: parts[2] };
}

export function checkBoardId(id: string): string {
  if (!BOARD_ID_RE.test(id)) throw new RangeError(`board id must be 1..16 of [A-Za-z0-9_.-], got "${id}"`);
  return id;
}
