/*
 * Our rules where the reference leaves a point open (all answers are TYPE_RESPONSE):
 * - a subscription beyond maxSubscriptionsPerSession: STATUS_INTERNAL_ERROR
 *   "too many subscriptions (limit N per session)";
 * - a request beyond maxInFlightPerSession: STATUS_INTERNAL_ERROR "too many requests in flight
 *   (limit N per session)"; only handlers that return a promise count, a synchronous one
 *   answers at once; pings never count; an onSubscribe hook that returns a promise counts too
 *   (its ack waits for it, and shutdown waits for it like for a handler);
 * - TYPE_SUBSCRIBE with an id already live in the session: STATUS_INTERNAL_ERROR;
 * - any request or subscribe during shutdown: STATUS_INTERNAL_ERROR "server is shutting down";
 * - an answer over maxFrameSize: STATUS_INTERNAL_ERROR "response of N bytes exceeds the maximum
 *   frame size of M"; an update over it, or beyond the write backlog, is dropped (counted in
 *   droppedUpdates).
 */

/** The reference server's response_message for an unknown path; we send the same. */
export const NO_HANDLER_MESSAGE = 'no handler registered for path';
export const TOO_MANY_IN_FLIGHT_MESSAGE = 'too many requests in flight';
export const TOO_MANY_SUBSCRIPTIONS_MESSAGE = 'too many subscriptions';
export const SHUTTING_DOWN_MESSAGE = 'server is shutting down';
