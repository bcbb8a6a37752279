import { frameDetail, frameLabel } from './frame-label.js';
import { escapeHtml } from './markup-escape.js';
import type { TraceRecord } from './run-report.js';

/*
 * A message sequence chart of one scenario's trace, as inline SVG: a lifeline for the harness
 * per role it played (client, or server for a client under test) and one for the device, an
 * arrow per frame with its label, and the time since the scenario started on the left.
 *
 * Connections are not lifelines of their own: a reconnect scenario may open a dozen. Instead a
 * labelled rule across the chart marks where traffic moves to another link (a reconnect).
 */

export interface SequenceChartOptions {
  /** Prefix of the SVG ids (markers), unique within the page. */
  idPrefix: string;
  /** Label of the device lifeline, e.g. the target name. */
  deviceName: string;
  /** Time zero of the time column (ms since epoch); the first record's time if absent. */
  startTime?: number;
  /** Frames drawn at most; the rest are counted in a last line. */
  maxArrows?: number;
}

type ArrowStyle = 'request' | 'response' | 'failure' | 'update' | 'raw' | 'error' | 'undecoded';

const COLOURS: Record<ArrowStyle, string> = {
  request: '#1f5fbf',
  response: '#1e7d32',
  failure: '#c25e00',
  update: '#7b3fa6',
  raw: '#c62828',
  error: '#c62828',
  undecoded: '#6b6b6b',
};

const TIME_COLUMN = 100;
const FIRST_LANE = TIME_COLUMN + 130;
const LANE_GAP = 420;
const HEADER = 58;
const ROW = 26;
const LABEL_CHARS = 56;
const DEFAULT_MAX_ARROWS = 500;

type Row =
  | { kind: 'link'; link: string; role: TraceRecord['role'] }
  | { kind: 'frame'; record: TraceRecord };

function styleOf(record: TraceRecord): ArrowStyle {
  if (record.kind === 'raw') return 'raw';
  if (record.kind === 'error') return 'error';
  const decoded = record.decoded;
  if (decoded === undefined) return 'undecoded';
  if ('requestType' in decoded) return 'request';
  if (decoded['responseType'] === 'TYPE_UPDATE') return 'update';
  return decoded['responseStatus'] === 'STATUS_OK' ? 'response' : 'failure';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `+12.3 ms` below a second, `+1.234 s` above. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const size = Math.abs(ms);
  return size < 1000 ? `${sign}${size.toFixed(1)} ms` : `${sign}${(size / 1000).toFixed(3)} s`;
}

function lifelineHead(x: number, title: string, subtitle: string, kind: string): string {
  const width = 240;
  return (
    `<g class="msc-head msc-head-${kind}"><title>${escapeHtml(`${title} ${subtitle}`)}</title>` +
    `<rect x="${x - width / 2}" y="6" width="${width}" height="40" rx="5"/>` +
    `<text x="${x}" y="22" text-anchor="middle" class="msc-head-title">${escapeHtml(title)}</text>` +
    `<text x="${x}" y="38" text-anchor="middle" class="msc-head-sub">${escapeHtml(truncate(subtitle, 36))}</text></g>`
  );
}

function markers(prefix: string): string {
  return (['request', 'response', 'failure', 'update', 'raw', 'undecoded'] as const)
    .map(
      (style) =>
        `<marker id="${prefix}-${style}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" ` +
        `markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLOURS[style]}"/></marker>`,
    )
    .join('');
}

function arrow(
  record: TraceRecord,
  laneX: number,
  deviceX: number,
  y: number,
  prefix: string,
): string {
  const [from, to] = record.direction === 'tx' ? [laneX, deviceX] : [deviceX, laneX];
  const style = styleOf(record);
  const colour = COLOURS[style];
  const dashed = style === 'raw' || style === 'undecoded' ? ' stroke-dasharray="6 4"' : '';
  const label = truncate(frameLabel(record), LABEL_CHARS);
  // An error ends in a cross where the frame was refused, not in an arrowhead.
  const end =
    style === 'error'
      ? `<path d="M${to - 6},${y - 6} L${to + 6},${y + 6} M${to - 6},${y + 6} L${to + 6},${y - 6}" stroke="${colour}" stroke-width="2"/>`
      : '';
  const head = style === 'error' ? '' : ` marker-end="url(#${prefix}-${style})"`;
  const hex = `${record.hex.slice(0, 96)}${record.hex.length > 96 ? '…' : ''}`;
  return (
    `<g class="msc-arrow msc-${style}" data-seq="${record.seq}" data-direction="${record.direction}">` +
    `<title>${escapeHtml(`${frameDetail(record)}\n${record.link}\n${hex}`)}</title>` +
    `<line x1="${from}" y1="${y}" x2="${to}" y2="${y}" stroke="${colour}" stroke-width="1.6"${dashed}${head}/>` +
    end +
    `<text x="${(laneX + deviceX) / 2}" y="${y - 5}" text-anchor="middle" fill="${colour}" class="msc-label">${escapeHtml(label)}</text></g>`
  );
}

/** Frames, with a link row before the first frame and wherever the link changes. */
function layoutRows(records: readonly TraceRecord[]): Row[] {
  const rows: Row[] = [];
  let current: string | undefined;
  for (const record of records) {
    if (record.link !== current) {
      rows.push({ kind: 'link', link: record.link, role: record.role });
      current = record.link;
    }
    rows.push({ kind: 'frame', record });
  }
  return rows;
}

/** The chart as an `<svg>` element; records must be in time order. */
export function renderSequenceChart(records: TraceRecord[], options: SequenceChartOptions): string {
  const prefix = options.idPrefix;
  const maxArrows = options.maxArrows ?? DEFAULT_MAX_ARROWS;
  const shown = records.slice(0, maxArrows);
  const hidden = records.length - shown.length;

  const lanes = new Map<TraceRecord['role'], number>();
  const linksOf = new Map<TraceRecord['role'], Set<string>>();
  for (const record of shown) {
    if (!lanes.has(record.role)) lanes.set(record.role, FIRST_LANE + lanes.size * LANE_GAP);
    const links = linksOf.get(record.role) ?? new Set<string>();
    links.add(record.link);
    linksOf.set(record.role, links);
  }
  const deviceX = FIRST_LANE + Math.max(1, lanes.size) * LANE_GAP;
  const rows = layoutRows(shown);
  const rowCount = rows.length + (hidden > 0 ? 1 : 0);
  const width = deviceX + 140;
  const bottom = HEADER + 20 + rowCount * ROW;
  const height = bottom + 12;
  // Trace clocks (performance.now) and the scenario's wall-clock start may differ by a little:
  // never let the first frame show a negative time.
  const first = records[0]?.time ?? 0;
  const zero = Math.min(options.startTime ?? first, first);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="msc" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" role="img" aria-label="message sequence chart">`,
    `<defs>${markers(prefix)}</defs>`,
    `<text x="${TIME_COLUMN - 10}" y="30" text-anchor="end" class="msc-time-head">time</text>`,
  );
  for (const [role, x] of lanes) {
    const links = [...(linksOf.get(role) ?? [])];
    const subtitle = links.length === 1 ? (links[0] ?? '') : `${links.length} links`;
    parts.push(
      `<line x1="${x}" y1="46" x2="${x}" y2="${bottom}" class="msc-lifeline"/>`,
      lifelineHead(x, `harness (${role})`, subtitle, 'harness'),
    );
  }
  parts.push(
    `<line x1="${deviceX}" y1="46" x2="${deviceX}" y2="${bottom}" class="msc-lifeline"/>`,
    lifelineHead(deviceX, 'device', options.deviceName, 'device'),
  );
  rows.forEach((row, index) => {
    const y = HEADER + 26 + index * ROW;
    if (row.kind === 'link') {
      parts.push(
        `<g class="msc-link"><line x1="${TIME_COLUMN}" y1="${y}" x2="${width - 10}" y2="${y}"/>` +
          `<text x="${FIRST_LANE - 120}" y="${y - 4}">${escapeHtml(`link ${row.link}`)}</text></g>`,
      );
      return;
    }
    const laneX = lanes.get(row.record.role) ?? FIRST_LANE;
    parts.push(
      `<text x="${TIME_COLUMN - 10}" y="${y + 4}" text-anchor="end" class="msc-time">${formatOffset(row.record.time - zero)}</text>`,
      arrow(row.record, laneX, deviceX, y, prefix),
    );
  });
  if (hidden > 0) {
    const y = HEADER + 26 + rows.length * ROW;
    parts.push(
      `<text x="${FIRST_LANE}" y="${y + 4}" class="msc-more">… ${hidden} more frame(s), see trace.jsonl</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
