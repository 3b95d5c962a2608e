// MQTT topic names of the board protocol (firmware-bridge/PROTOCOL.md §7): a board publishes on
// `gunshot/<board-id>/up` and listens on `gunshot/<board-id>/down`. A board id in a topic is 1..16 of
// [A-Za-z0-9_.-]: it fits HELLO's board_id field and never contains the MQTT wildcards `+`, `#` or `/`.

export const TOPIC_ROOT = 'gunshot';
export const BOARD_ID_RE = /^[A-Za-z0-9_.-]{1,16}$/;

export const upTopic = (boardId: string) => `${TOPIC_ROOT}/${checkBoardId(boardId)}/up`;
export const downTopic = (boardId: string) => `${TOPIC_ROOT}/${checkBoardId(boardId)}/down`;

/** The gateway's subscription: every board's up topic, shared by a group of gateways when `group` is set. */
export function upSubscription(group?: string): string {
  if (group !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(group)) {
    throw new RangeError(`MQTT share group must be 1..64 of [A-Za-z0-9_.-], got "${group}"`);
  }
  return `${group !== undefined ? `$share/${group}/` : ''}${TOPIC_ROOT}/+/up`;
}

/** The board id of an up topic, or null when the topic is not one. */
export function boardIdOfUpTopic(topic: string): string | null {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== TOPIC_ROOT || parts[2] !== 'up' || !BOARD_ID_RE.test(parts[1])) return null;
  return parts[1];
}

export function checkBoardId(id: string): string {
  if (!BOARD_ID_RE.test(id)) throw new RangeError(`board id must be 1..16 of [A-Za-z0-9_.-], got "${id}"`);
  return id;
}
