import { closestWord, editDistance } from '../../src/spelling/closest-word.js';

describe('closest word', () => {
  it('measures edits between words', () => {
    expect(editDistance('ping', 'ping')).toBe(0);
    expect(editDistance('pong', 'ping')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('emulatr', 'emulator')).toBe(1);
  });

  it('suggests the nearest candidate within the limit, the first of equals', () => {
    expect(closestWord('emulatr', ['emulator', 'emulator-pty', 'qemu'])).toBe('emulator');
    expect(closestWord('qemo', ['emulator', 'qemu'])).toBe('qemu');
    expect(closestWord('ab', ['ax', 'ay'])).toBe('ax');
    expect(closestWord('toaster', ['emulator', 'qemu'])).toBeUndefined();
    expect(closestWord('abcd', ['wxyz'], 4)).toBe('wxyz');
  });
});
