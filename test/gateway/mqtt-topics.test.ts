import { expect } from 'chai';
import { upTopic, downTopic, upSubscription, boardIdOfUpTopic, checkBoardId } from '../../gateway/mqtt/topics.ts';

describe('gateway/mqtt topics', () => {
  it('names a board\'s topics and the gateways\' (shared) subscription', () => {
    expect(upTopic('pole-17')).to.equal('gunshot/pole-17/up');
    expect(downTopic('pole-17')).to.equal('gunshot/pole-17/down');
    expect(upSubscription()).to.equal('gunshot/+/up');
    expect(upSubscription('city')).to.equal('$share/city/gunshot/+/up');
    expect(() => upSubscription('a/b')).to.throw(RangeError, /share group.*"a\/b"/);
  });

  it('reads the board id back from an up topic only, refusing ids that are not one safe topic level', () => {
    expect(boardIdOfUpTopic('gunshot/pole-17/up')).to.equal('pole-17');
    for (const t of ['gunshot/pole-17/down', 'gunshot/a/b/up', 'other/pole-17/up', 'gunshot//up', 'gunshot/0123456789abcdefX/up', 'gunshot/x+/up']) {
      expect(boardIdOfUpTopic(t), t).to.equal(null);
    }
    expect(() => checkBoardId('#')).to.throw(RangeError, /board id must be 1\.\.16 of \[A-Za-z0-9_\.-\], got "#"/);
    expect(() => upTopic('')).to.throw(RangeError, /got ""/);
  });
});
