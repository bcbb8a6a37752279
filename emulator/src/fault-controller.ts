import { EventEmitter } from 'node:events';
import { type FaultInput, type FaultSettings, mergeFaults, validateFaults } from './fault-spec.js';

/**
 * The faults of one emulator run, changeable while it runs. Links and handlers read
 * `settings` at the moment they act, so a change applies to the next byte or request.
 * Emits 'change' (settings) after each change.
 */
export class FaultController extends EventEmitter {
  private input: FaultInput;
  private resolved: FaultSettings;
  private readonly fallbackSeed: number;

  constructor(input: FaultInput = {}, fallbackSeed: number = randomSeed()) {
    super();
    this.resolved = validateFaults(input);
    this.input = input;
    this.fallbackSeed = fallbackSeed >>> 0;
  }

  /**
   * The seed of the random choices: the one given, or one drawn at start (report it, and a
   * run can be repeated with `seed=<it>`). Links opened later use the seed in force then.
   */
  get seed(): number {
    return this.resolved.seed ?? this.fallbackSeed;
  }

  get settings(): Readonly<FaultSettings> {
    return this.resolved;
  }

  /** Replaces every fault with `input` (omitted faults are off). */
  set(input: FaultInput): FaultSettings {
    return this.apply(input);
  }

  /** Changes only the faults named in `input`; slow and silent paths are added. */
  update(input: FaultInput): FaultSettings {
    return this.apply(mergeFaults(this.input, input));
  }

  /** Turns every fault off. */
  clear(): FaultSettings {
    return this.apply({});
  }

  private apply(input: FaultInput): FaultSettings {
    this.resolved = validateFaults(input);
    this.input = input;
    this.emit('change', this.resolved);
    return this.resolved;
  }
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0xffffffff);
}
