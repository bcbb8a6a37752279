package driver

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"protomcp.org/nanorpc/pkg/nanorpc"
	"protomcp.org/nanorpc/pkg/nanorpc/client"
)

// call is one command waiting for a callback of the reference client. Exactly one of the
// answer, the timeout or the end of the session finishes it; a callback after that is
// reported as a late_response event.
type call struct {
	d        *Driver
	id       json.RawMessage
	finished atomic.Bool
	answer   chan *nanorpc.NanoRPCResponse
}

func (d *Driver) newCall(id json.RawMessage) *call {
	return &call{d: d, id: id, answer: make(chan *nanorpc.NanoRPCResponse, 1)}
}

// callback is the RequestCallback handed to the reference client.
func (c *call) callback(_ context.Context, requestID int32, res *nanorpc.NanoRPCResponse) error {
	if c.finished.CompareAndSwap(false, true) {
		c.answer <- res
		return nil
	}
	fields := line{"request_id": requestID, "for": c.id}
	if res != nil {
		fields = responseFields(res)
		fields["for"] = c.id
	}
	c.d.out.event("late_response", fields)
	return nil
}

// await finishes the command on another goroutine: the result, a timeout or disconnected.
func (c *call) await(requestID int32, timeout time.Duration) {
	c.d.calls.Add(1)
	go func() {
		defer c.d.calls.Done()
		timer := time.NewTimer(timeout)
		defer timer.Stop()
		select {
		case res := <-c.answer:
			c.finish(requestID, res)
		case <-timer.C:
			if c.finished.CompareAndSwap(false, true) {
				c.d.out.fail(c.id, codeTimeout, "no answer within "+timeout.String(),
					line{"request_id": requestID})
				return
			}
			c.finish(requestID, <-c.answer)
		}
	}()
}

func (c *call) finish(requestID int32, res *nanorpc.NanoRPCResponse) {
	if res == nil {
		// The reference calls every pending callback with nil when its session ends.
		c.d.out.fail(c.id, codeDisconnected, "the session ended before an answer",
			line{"request_id": requestID})
		return
	}
	c.d.out.result(c.id, responseFields(res))
}

func (d *Driver) ping(cmd command) {
	c := d.current()
	if c == nil {
		d.out.fail(cmd.ID, codeNotConnected, "connect first", nil)
		return
	}
	start := time.Now()
	pong := c.Pong() // the reference's ping with an answer; it gives only the outcome
	timeout := timeoutOf(cmd)
	d.calls.Add(1)
	go func() {
		defer d.calls.Done()
		select {
		case err := <-pong:
			d.finishPing(cmd.ID, err, time.Since(start))
		case <-time.After(timeout):
			d.out.fail(cmd.ID, codeTimeout, "no pong within "+timeout.String(), nil)
		}
	}()
}

func (d *Driver) finishPing(id json.RawMessage, err error, rtt time.Duration) {
	var re *nanorpc.ResponseError
	switch {
	case err == nil:
		d.out.result(id, line{"status": "OK", "rtt_us": rtt.Microseconds()})
	case errors.As(err, &re):
		d.out.result(id, line{"status": statusName(re.Status), "message": re.Msg,
			"rtt_us": rtt.Microseconds()})
	case nanorpc.IsNoResponse(err):
		d.out.fail(id, codeDisconnected, "the session ended before the pong", nil)
	default:
		d.out.fail(id, sendErrorCode(err), err.Error(), nil)
	}
}

// sender picks how a command names its path: hash (a number), path with by_hash (the
// reference hashes it), or path.
type sender struct {
	byPath, withHash func(string, []byte, client.RequestCallback) (int32, error)
	byHash           func(uint32, []byte, client.RequestCallback) (int32, error)
}

func (s sender) send(cmd command, payload []byte, cb client.RequestCallback) (int32, error) {
	switch {
	case cmd.Hash != nil:
		return s.byHash(*cmd.Hash, payload, cb)
	case cmd.ByHash:
		return s.withHash(cmd.Path, payload, cb)
	default:
		return s.byPath(cmd.Path, payload, cb)
	}
}

func requestSender(c *client.Client) sender {
	return sender{
		byPath: func(p string, b []byte, cb client.RequestCallback) (int32, error) {
			return c.Request(p, rawPayload(b), cb)
		},
		withHash: func(p string, b []byte, cb client.RequestCallback) (int32, error) {
			return c.RequestWithHash(p, rawPayload(b), cb)
		},
		byHash: func(h uint32, b []byte, cb client.RequestCallback) (int32, error) {
			return c.RequestByHash(h, rawPayload(b), cb)
		},
	}
}

func subscribeSender(c *client.Client) sender {
	return sender{
		byPath: func(p string, b []byte, cb client.RequestCallback) (int32, error) {
			return c.Subscribe(p, rawPayload(b), cb)
		},
		withHash: func(p string, b []byte, cb client.RequestCallback) (int32, error) {
			return c.SubscribeWithHash(p, rawPayload(b), cb)
		},
		byHash: func(h uint32, b []byte, cb client.RequestCallback) (int32, error) {
			return c.SubscribeByHash(h, rawPayload(b), cb)
		},
	}
}

// prepare checks the common arguments and decodes the hex payload.
func (d *Driver) prepare(cmd command, hexPayload string) (*client.Client, []byte, bool) {
	if cmd.Path == "" && cmd.Hash == nil {
		d.out.fail(cmd.ID, codeBadCommand, "path or hash required", nil)
		return nil, nil, false
	}
	payload, err := decodeHex(hexPayload)
	if err != nil {
		d.out.fail(cmd.ID, codeBadCommand, "payload is not hex: "+err.Error(), nil)
		return nil, nil, false
	}
	c := d.current()
	if c == nil {
		d.out.fail(cmd.ID, codeNotConnected, "connect first", nil)
		return nil, nil, false
	}
	return c, payload, true
}

func (d *Driver) request(cmd command) {
	c, payload, ok := d.prepare(cmd, cmd.Data)
	if !ok {
		return
	}
	cl := d.newCall(cmd.ID)
	requestID, err := requestSender(c).send(cmd, payload, cl.callback)
	if err != nil {
		d.out.fail(cmd.ID, sendErrorCode(err), err.Error(), nil)
		return
	}
	cl.await(requestID, timeoutOf(cmd))
}

// subscription routes every callback of one reference subscription: the first TYPE_RESPONSE
// answers the subscribe command, TYPE_UPDATE becomes an update event, any other response a
// subscription_response event, and the end of the session a subscription_ended event.
type subscription struct {
	d     *Driver
	ack   *call
	mu    sync.Mutex
	acked bool
}

func (s *subscription) callback(ctx context.Context, requestID int32, res *nanorpc.NanoRPCResponse) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case res == nil:
		if !s.acked {
			s.acked = true
			return s.ack.callback(ctx, requestID, nil)
		}
		s.d.out.event("subscription_ended", line{"request_id": requestID, "reason": codeDisconnected})
	case res.ResponseType == nanorpc.NanoRPCResponse_TYPE_UPDATE:
		data := responseFields(res)["data"].(string)
		n := s.d.updates.add(requestID, data)
		s.d.out.event("update", line{"request_id": requestID, "n": n, "data": data,
			"status": statusName(res.ResponseStatus)})
	case !s.acked && res.ResponseType == nanorpc.NanoRPCResponse_TYPE_RESPONSE:
		s.acked = true
		return s.ack.callback(ctx, requestID, res)
	default:
		s.d.out.event("subscription_response", responseFields(res))
	}
	return nil
}

func (d *Driver) subscribe(cmd command) {
	c, filter, ok := d.prepare(cmd, cmd.Filter)
	if !ok {
		return
	}
	sub := &subscription{d: d, ack: d.newCall(cmd.ID)}
	requestID, err := subscribeSender(c).send(cmd, filter, sub.callback)
	if err != nil {
		d.out.fail(cmd.ID, sendErrorCode(err), err.Error(), nil)
		return
	}
	d.mu.Lock()
	d.subscribed[requestID] = cmd
	d.mu.Unlock()
	sub.ack.await(requestID, timeoutOf(cmd))
}

// unsubscribe sends the reference's Unsubscribe (TYPE_REQUEST, the subscription's id, same
// path, no data) and answers with whatever reaches the callback given to it.
func (d *Driver) unsubscribe(cmd command) {
	if cmd.RequestID <= 0 {
		d.out.fail(cmd.ID, codeBadCommand, "request_id of the subscription required", nil)
		return
	}
	if cmd.Path == "" && cmd.Hash == nil {
		cmd.Path, cmd.Hash, cmd.ByHash = d.subscribedPath(cmd.RequestID)
	}
	c, _, ok := d.prepare(cmd, "")
	if !ok {
		return
	}
	cl := d.newCall(cmd.ID)
	var err error
	switch {
	case cmd.Hash != nil:
		err = c.UnsubscribeByHash(*cmd.Hash, cmd.RequestID, cl.callback)
	case cmd.ByHash:
		err = c.UnsubscribeWithHash(cmd.Path, cmd.RequestID, cl.callback)
	default:
		err = c.Unsubscribe(cmd.Path, cmd.RequestID, cl.callback)
	}
	if err != nil {
		d.out.fail(cmd.ID, sendErrorCode(err), err.Error(), nil)
		return
	}
	cl.await(cmd.RequestID, timeoutOf(cmd))
}

func (d *Driver) waitUpdates(cmd command) {
	if cmd.Count <= 0 {
		d.out.fail(cmd.ID, codeBadCommand, "count must be at least 1", nil)
		return
	}
	d.calls.Add(1)
	go func() {
		defer d.calls.Done()
		got, all := d.updates.wait(cmd.RequestID, cmd.Count, timeoutOf(cmd))
		if got == nil {
			got = []update{}
		}
		if all {
			d.out.result(cmd.ID, line{"updates": got})
			return
		}
		d.out.fail(cmd.ID, codeTimeout, "fewer updates than asked for", line{"updates": got})
	}()
}

// subscribedPath is how the subscribe command with that request id named its path.
func (d *Driver) subscribedPath(requestID int32) (string, *uint32, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	cmd := d.subscribed[requestID]
	return cmd.Path, cmd.Hash, cmd.ByHash
}
