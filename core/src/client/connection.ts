import type { EventEmitter } from 'node:events';
import { FramedLink } from '../transport/framed-link.js';
import type { FrameTrace } from '../transport/frame-trace.js';
import { ClientClosedError, ReconnectFailedError } from './client-errors.js';
import type { ClientEvents, ClientState } from './client-events.js';
import { KeepAlive } from './keep-alive.js';
import type { ReconnectPolicy } from './reconnect-policy.js';
import { openTransport, type TransportSource } from './transport-source.js';

export interface ConnectionOptions {
  source: TransportSource;
  connectTimeoutMs: number;
  maxFrameSize: number;
  name: string;
  trace: FrameTrace | undefined;
  reconnect: ReconnectPolicy | undefined;
  keepAliveMs: number;
  /** Time a keep-alive ping gets for its pong (0: the interval). */
  keepAlivePingTimeoutMs: number;
}

/** What the connection asks of the client around it; it never touches calls itself. */
export interface ConnectionHooks {
  /** A frame body arrived on the current link. */
  frame(body: Uint8Array): void;
  /** A link is up: restore subscriptions and send what waits, before 'connect' is emitted. */
  opened(): void;
  /** The link dropped; the state already says what comes next (reconnecting or idle). */
  lost(error: Error | undefined, willReconnect: boolean): void;
  /** The first connect failed (state back to idle). */
  connectFailed(error: unknown): void;
  /** Reconnection gave up (state back to idle). */
  gaveUp(failure: ReconnectFailedError): void;
  /** A keep-alive ping. */
  ping(timeoutMs: number): Promise<unknown>;
  emitError(error: Error): void;
}

/**
 * The client's link and its life: connect, the state machine, reconnection by the
 * ReconnectPolicy, keep-alive pings, and the callers waiting for a (re)connection.
 */
export class Connection {
  private readonly options: ConnectionOptions;
  private readonly hooks: ConnectionHooks;
  private readonly events: EventEmitter<ClientEvents>;
  private currentState: ClientState = 'idle';
  private currentLink: FramedLink | undefined;
  private keepAlive: KeepAlive | undefined;
  private connectAbort: AbortController | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private connectionCount = 0;

  constructor(
    options: ConnectionOptions,
    hooks: ConnectionHooks,
    events: EventEmitter<ClientEvents>,
  ) {
    this.options = options;
    this.hooks = hooks;
    this.events = events;
  }

  get state(): ClientState {
    return this.currentState;
  }

  /** The current link, while connected. */
  get link(): FramedLink | undefined {
    return this.currentLink;
  }

  /** Opens the link. While reconnecting, resolves when the reconnection succeeds. */
  async connect(): Promise<void> {
    switch (this.currentState) {
      case 'connected':
        return;
      case 'closed':
        throw new ClientClosedError();
      case 'connecting':
      case 'reconnecting':
        return new Promise((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
      case 'idle':
        break;
    }
    this.currentState = 'connecting';
    try {
      await this.openLink();
    } catch (error) {
      if (this.currentState === 'connecting') {
        this.currentState = 'idle';
        this.hooks.connectFailed(error);
        this.rejectConnectWaiters(error instanceof Error ? error : new Error(String(error)));
      }
      throw error;
    }
  }

  /** Enters 'closed': stops reconnecting, opening and pinging. The link is closed by closeLink(). */
  markClosed(): void {
    this.currentState = 'closed';
    clearTimeout(this.reconnectTimer);
    this.connectAbort?.abort(new ClientClosedError());
    this.keepAlive?.stop();
  }

  /** Closes the link, if any; 'disconnect' follows. */
  async closeLink(): Promise<void> {
    this.rejectConnectWaiters(new ClientClosedError());
    const link = this.currentLink;
    this.currentLink = undefined;
    if (link !== undefined) {
      await link.close();
      this.events.emit('disconnect');
    }
  }

  private async openLink(): Promise<void> {
    const abort = new AbortController();
    this.connectAbort = abort;
    const options = this.options;
    let transport;
    try {
      transport = await openTransport(options.source, options.connectTimeoutMs, abort.signal);
    } finally {
      if (this.connectAbort === abort) this.connectAbort = undefined;
    }
    if (this.currentState === 'closed') {
      await transport.close();
      throw new ClientClosedError('client closed while connecting');
    }
    this.connectionCount++;
    const link = new FramedLink(transport, {
      role: 'client',
      maxFrameSize: options.maxFrameSize,
      id: `${options.name}#${this.connectionCount} ${transport.endpoint}`,
      ...(options.trace === undefined ? {} : { trace: options.trace }),
    });
    const keepAlive = new KeepAlive(
      options.keepAliveMs,
      options.keepAlivePingTimeoutMs,
      (timeoutMs) => this.hooks.ping(timeoutMs),
      (error) => {
        if (link !== this.currentLink) return;
        this.hooks.emitError(error);
        void link.close();
      },
    );
    link.on('frame', (body: Uint8Array) => {
      if (link !== this.currentLink) return;
      keepAlive.touch();
      this.hooks.frame(body);
    });
    link.on('frame-error', (error: Error) => {
      if (link === this.currentLink) this.hooks.emitError(error);
    });
    link.on('close', (error?: Error) => this.onLinkClosed(link, error));
    this.currentLink = link;
    this.keepAlive = keepAlive;
    this.currentState = 'connected';
    if (link.closed) {
      this.onLinkClosed(link, undefined);
      return;
    }
    keepAlive.start();
    // Restored subscriptions first, then the queue in order, then the world hears about it.
    this.hooks.opened();
    this.events.emit('connect');
    this.resolveConnectWaiters();
  }

  private onLinkClosed(link: FramedLink, error: Error | undefined): void {
    if (link !== this.currentLink) return;
    this.currentLink = undefined;
    this.keepAlive?.stop();
    const wasConnected = this.currentState === 'connected';
    const willReconnect = this.options.reconnect !== undefined && wasConnected;
    // The new state first: listeners run below ('terminated', 'suspended') and a call they make
    // must be queued or refused, not handed to the link that is gone.
    if (wasConnected) this.currentState = willReconnect ? 'reconnecting' : 'idle';
    this.hooks.lost(error, willReconnect);
    if (!wasConnected) return;
    if (error === undefined) this.events.emit('disconnect');
    else this.events.emit('disconnect', error);
    if (willReconnect) this.scheduleReconnect(1, error);
  }

  private scheduleReconnect(attempt: number, lastError: unknown): void {
    const policy = this.options.reconnect;
    if (policy === undefined || this.currentState !== 'reconnecting') return;
    if (!policy.allows(attempt)) {
      this.giveUpReconnecting(attempt - 1, lastError);
      return;
    }
    const delayMs = policy.delayFor(attempt);
    this.events.emit('reconnecting', { attempt, delayMs });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.currentState !== 'reconnecting') return;
      this.openLink().catch((error: unknown) => {
        if (this.currentState !== 'reconnecting') return;
        this.scheduleReconnect(attempt + 1, error);
      });
    }, delayMs);
  }

  private giveUpReconnecting(attempts: number, lastError: unknown): void {
    this.currentState = 'idle';
    const failure = new ReconnectFailedError(attempts, lastError);
    this.hooks.gaveUp(failure);
    this.rejectConnectWaiters(failure);
    this.hooks.emitError(failure);
  }

  private resolveConnectWaiters(): void {
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  private rejectConnectWaiters(error: Error): void {
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }
}
