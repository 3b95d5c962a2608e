import { expect } from 'chai';
import { upTopic, stateTopic, downTopic, topicForFrame, gatewaySubscriptions, parseBoardTopic, checkBoardId } from '../../gateway/mqtt/topics.ts';
import { MessageType } from '../../gateway/serial/messages.ts';

describe('gateway/mqtt topics', () => {
  it('names a board\'s topics and the gateways\' subscriptions: up topics shared by a group, state topics never', () => {
    expect(upTopic('pole-17')).to.equal('gunshot/pole-17/up');
    expect(stateTopic('pole-17')).to.equal('gunshot/pole-17/state');
    expect(downTopic('pole-17')).to.equal('gunshot/pole-17/down');
    expect(gatewaySubscriptions()).to.deep.equal(['gunshot/+/up', 'gunshot/+/state']);
    expect(gatewaySubscriptions('city')).to.deep.equal(['$share/city/gunshot/+/up', 'gunshot/+/state']);
    expect(() => gatewaySubscriptions('a/b')).to.throw(RangeError, /share group.*"a\/b"/);
  });

  it('sends HELLO and HEARTBEAT on the state topic and every other frame a board sends on the up topic', () => {
    expect(topicForFrame('pole-1', MessageType.HELLO)).to.equal('gunshot/pole-1/state');
    expect(topicForFrame('pole-1', MessageType.HEARTBEAT)).to.equal('gunshot/pole-1/state');
    for (const t of [MessageType.DETECTION, MessageType.LOG, MessageType.ERROR, MessageType.ACK, MessageType.CONFIG_ACK, MessageType.VERIFY_RESULT]) {
      expect(topicForFrame('pole-1', t), `type ${t}`).to.equal('gunshot/pole-1/up');
    }
  });

  it('reads the board id back from an up or state topic only, refusing ids that are not one safe topic level', () => {
    expect(parseBoardTopic('gunshot/pole-17/up')).to.deep.equal({ boardId: 'pole-17', kind: 'up' });
    expect(parseBoardTopic('gunshot/pole-17/state')).to.deep.equal({ boardId: 'pole-17', kind: 'state' });
    for (const t of ['gunshot/pole-17/down', 'gunshot/a/b/up', 'other/pole-17/up', 'gunshot//up', 'gunshot/0123456789abcdefX/up', 'gunshot/x+/state']) {
      expect(parseBoardTopic(t), t).to.equal(null);
    }
    expect(() => checkBoardId('#')).to.throw(RangeError, /board id must be 1\.\.16 of \[A-Za-z0-9_\.-\], got "#"/);
    expect(() => upTopic('')).to.throw(RangeError, /got ""/);
  });
});
