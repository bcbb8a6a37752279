import { formatDuration, durationMs } from './duration.js';
import type { PlanStep } from './scenario-plan.js';

function pathText(spec: { path?: string | undefined; hash?: number | string | undefined }): string {
  if (spec.path !== undefined) return spec.path;
  if (spec.hash === undefined) return '';
  return typeof spec.hash === 'number' ? `0x${spec.hash.toString(16).padStart(8, '0')}` : spec.hash;
}

/** What a step does, in a few words, for progress lines and reports (unless it has a title). */
export function stepTitle(step: PlanStep): string {
  if (step.title !== undefined) return step.title;
  switch (step.kind) {
    case 'request':
      return `request ${pathText(step.spec)}${step.spec.async === true ? ` (async ${step.spec.as ?? ''})` : ''}`;
    case 'expect-response':
      return `expect-response ${step.spec.request}`;
    case 'subscribe':
      return `subscribe ${pathText(step.spec)}${step.spec.as !== undefined ? ` as ${step.spec.as}` : ''}`;
    case 'expect-updates':
      return `expect-updates ${step.spec.count}${step.spec.subscription !== undefined ? ` of ${step.spec.subscription}` : ''}`;
    case 'expect-no-updates':
      return `expect-no-updates for ${formatDuration(durationMs(step.spec.for))}`;
    case 'unsubscribe':
      return `unsubscribe${step.spec.subscription !== undefined ? ` ${step.spec.subscription}` : ''}`;
    case 'send-raw':
      if (step.spec.request !== undefined)
        return `send-raw request id ${step.spec.request.requestId}`;
      if (step.spec.response !== undefined)
        return `send-raw response id ${step.spec.response.requestId}`;
      return `send-raw ${step.spec.hex !== undefined ? 'hex' : 'utf8'}`;
    case 'expect-silence':
      return `expect-silence for ${formatDuration(durationMs(step.spec.for))}`;
    case 'reboot':
      return `reboot (${step.spec.method ?? 'auto'})`;
    case 'serve':
      return `serve ${step.spec.path}`;
    case 'expect-request':
      return `expect-request ${step.spec.type ?? ''} ${pathText(step.spec)}`
        .replace(/\s+/g, ' ')
        .trim();
    case 'publish':
      return `publish ${step.spec.path}`;
    case 'wait':
      return `wait ${formatDuration(durationMs(step.spec))}`;
    case 'set':
      return `set ${Object.keys(step.spec).join(', ')}`;
    case 'repeat':
      return `repeat ${step.spec.times} time(s)`;
    default:
      return step.kind;
  }
}
