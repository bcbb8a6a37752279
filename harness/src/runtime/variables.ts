import { StepFailure } from './step-failure.js';

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}$/;
const ANYWHERE = /\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}/g;

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * The variables of one scenario run: initial values, built-ins and captures. `${name}` in a
 * step's strings is replaced when the step runs; `${name.field}` reads into an object. A scope
 * made by `child()` (a repeat block) sees its parent's variables and sets them in the parent,
 * except the ones it defines itself (the iteration counter).
 */
export class VariableScope {
  private readonly values = new Map<string, unknown>();

  constructor(
    initial: Record<string, unknown> = {},
    private readonly parent?: VariableScope,
  ) {
    for (const [name, value] of Object.entries(initial)) this.values.set(name, value);
  }

  child(locals: Record<string, unknown>): VariableScope {
    return new VariableScope(locals, this);
  }

  has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }

  /** Sets `name` where it is defined, or else in the outermost scope (outliving the block). */
  set(name: string, value: unknown): void {
    (this.owner(name) ?? this.root()).values.set(name, value);
  }

  /** The value of `name` or `name.field.field`; StepFailure when it is not defined. */
  get(reference: string): unknown {
    const [name, ...fields] = reference.split('.');
    const scope = this.owner(name as string);
    if (scope === undefined) {
      throw new StepFailure(
        `variable \${${reference}} is not defined (set it, capture it or pass it)`,
      );
    }
    let value = scope.values.get(name as string);
    for (const field of fields) {
      if (value === null || typeof value !== 'object' || !(field in value)) {
        throw new StepFailure(`variable \${${reference}}: no field "${field}" in ${textOf(value)}`);
      }
      value = (value as Record<string, unknown>)[field];
    }
    return value;
  }

  /** Replaces `${...}` in every string of `value` (deeply). A string that is exactly one
   *  reference takes the variable's value with its type. */
  interpolate<T>(value: T): T {
    return this.replace(value) as T;
  }

  /** All variables visible here (parents first), for reports and debugging. */
  snapshot(): Record<string, unknown> {
    return { ...(this.parent?.snapshot() ?? {}), ...Object.fromEntries(this.values) };
  }

  private root(): VariableScope {
    return this.parent?.root() ?? this;
  }

  private owner(name: string): VariableScope | undefined {
    if (this.values.has(name)) return this;
    return this.parent?.owner(name);
  }

  private replace(value: unknown): unknown {
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value);
      if (whole !== null) return this.get(whole[1] as string);
      if (!value.includes('${')) return value;
      return value.replace(ANYWHERE, (_, reference: string) => textOf(this.get(reference)));
    }
    if (Array.isArray(value)) return value.map((item) => this.replace(item));
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [key, this.replace(inner)]),
      );
    }
    return value;
  }
}
