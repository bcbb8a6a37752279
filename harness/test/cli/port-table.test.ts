import { formatPortTable } from '../../src/cli/port-table.js';

describe('ports table', () => {
  it('has a header and columns that line up, with - where a port has no value', () => {
    const text = formatPortTable([
      {
        path: '/dev/ttyACM0',
        vendorId: '0483',
        productId: '374b',
        manufacturer: 'STMicroelectronics',
        serialNumber: '0671FF485',
      },
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB10', vendorId: '10c4', manufacturer: '' },
    ]);
    expect(text).toBe(
      [
        'PORT           USB ID     MANUFACTURER        SERIAL NUMBER',
        '/dev/ttyACM0   0483:374b  STMicroelectronics  0671FF485',
        '/dev/ttyS0     -          -                   -',
        '/dev/ttyUSB10  10c4:????  -                   -',
        '',
      ].join('\n'),
    );
  });
});
