/** What `ports` shows of a serial port (the fields of serialport's PortInfo it uses). */
export interface PortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

const HEADER = ['PORT', 'USB ID', 'MANUFACTURER', 'SERIAL NUMBER'] as const;

/**
 * The ports as a table for people: a header line, then one line per port with columns padded
 * to line up; "-" where a port has no value (a built-in UART has no USB ids).
 */
export function formatPortTable(ports: readonly PortInfo[]): string {
  const rows = ports.map((port) => [
    port.path,
    port.vendorId !== undefined && port.vendorId !== ''
      ? `${port.vendorId}:${port.productId ?? '????'}`
      : '-',
    port.manufacturer || '-',
    port.serialNumber || '-',
  ]);
  const table = [[...HEADER], ...rows];
  const widths = HEADER.map((_, column) =>
    Math.max(...table.map((row) => (row[column] ?? '').length)),
  );
  return table
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
