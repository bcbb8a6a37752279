// Package driver is the client driver of the conformance kit: it runs the Go reference's client
// package and speaks JSON lines (commands on stdin, results and events on stdout), so that the
// harness can play the server and judge the reference as a client. The protocol is in
// interop/go-reference/README.md. The driver reports what the reference client hands to the
// application, callback by callback; it does not correct it.
package driver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"darvaza.org/x/net/reconnect"
	"protomcp.org/nanorpc/pkg/nanorpc"
	"protomcp.org/nanorpc/pkg/nanorpc/client"

	"nanorpc-hil/interop/go-reference/internal/endpoint"
)

// ConnectOptions map onto the reference client's Config; zero keeps the reference's default.
type ConnectOptions struct {
	DialTimeoutMs    int  `json:"dial_timeout_ms"`
	ReadTimeoutMs    int  `json:"read_timeout_ms"`
	WriteTimeoutMs   int  `json:"write_timeout_ms"`
	IdleTimeoutMs    int  `json:"idle_timeout_ms"`
	ReconnectDelayMs int  `json:"reconnect_delay_ms"` // negative: no automatic reconnection
	QueueSize        uint `json:"queue_size"`
	AlwaysHashPaths  bool `json:"always_hash_paths"`
	// How long connect waits for the first session (driver setting, default 5000).
	ConnectTimeoutMs int `json:"connect_timeout_ms"`
}

const defaultTimeout = 5 * time.Second

// Driver runs one reference client at a time.
type Driver struct {
	out     *output
	updates *updateStore
	calls   sync.WaitGroup // commands still waiting for their answer

	mu       sync.Mutex // guards the fields below
	client   *client.Client
	target   endpoint.Endpoint
	options  ConnectOptions
	sessions chan error // connect waits here: nil = a session started, else the dial error
	// subscribe commands by request id, so unsubscribe may leave out the path
	subscribed map[int32]command
}

// New makes a driver writing its lines to w.
func New(w io.Writer) *Driver {
	return &Driver{out: &output{w: w}, updates: newUpdateStore(), subscribed: map[int32]command{}}
}

// Run reads commands until r ends, then closes the client and waits for the calls in flight.
func (d *Driver) Run(r io.Reader) error {
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 64*1024), 4<<20) // a 64 KiB payload is 128 KiB of hex
	for scanner.Scan() {
		if len(scanner.Bytes()) == 0 {
			continue
		}
		var cmd command
		if err := json.Unmarshal(scanner.Bytes(), &cmd); err != nil {
			d.out.fail(nil, codeBadCommand, "not a JSON command: "+err.Error(), nil)
			continue
		}
		d.dispatch(cmd)
	}
	d.closeClient()
	d.calls.Wait()
	return scanner.Err()
}

// dispatch runs the part of a command that touches the wire in input order, so pipelined
// commands go out in the order given; waiting for answers happens on other goroutines.
func (d *Driver) dispatch(cmd command) {
	switch cmd.Cmd {
	case "connect":
		d.connect(cmd)
	case "close":
		d.closeClient()
		d.out.result(cmd.ID, nil)
	case "reconnect":
		d.reconnect(cmd)
	case "ping":
		d.ping(cmd)
	case "request":
		d.request(cmd)
	case "subscribe":
		d.subscribe(cmd)
	case "unsubscribe":
		d.unsubscribe(cmd)
	case "wait_updates":
		d.waitUpdates(cmd)
	default:
		d.out.fail(cmd.ID, codeBadCommand, fmt.Sprintf("unknown command %q", cmd.Cmd), nil)
	}
}

func (d *Driver) connect(cmd command) {
	target, err := endpoint.Parse(cmd.Endpoint)
	if err != nil {
		d.out.fail(cmd.ID, codeBadCommand, err.Error(), nil)
		return
	}
	d.mu.Lock()
	busy := d.client != nil
	d.mu.Unlock()
	if busy {
		d.out.fail(cmd.ID, codeAlreadyConnected, "close or reconnect first", nil)
		return
	}
	d.start(cmd.ID, target, cmd.Options)
}

// reconnect is the application's own reconnection: a new reference client (a client connects
// once; its automatic reconnection is separate and reported by connected events).
func (d *Driver) reconnect(cmd command) {
	d.mu.Lock()
	target, options := d.target, d.options
	d.mu.Unlock()
	if target.Network == "" {
		d.out.fail(cmd.ID, codeBadCommand, "reconnect before any connect", nil)
		return
	}
	d.closeClient()
	d.start(cmd.ID, target, options)
}

func (d *Driver) start(id json.RawMessage, target endpoint.Endpoint, o ConnectOptions) {
	sessions := make(chan error, 1)
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	cfg := client.Config{
		Context:         context.Background(),
		Remote:          target.Remote(),
		HashCache:       new(nanorpc.HashCache), // per client: no state shared through globals
		DialTimeout:     ms(o.DialTimeoutMs),
		ReadTimeout:     ms(o.ReadTimeoutMs),
		WriteTimeout:    ms(o.WriteTimeoutMs),
		IdleTimeout:     ms(o.IdleTimeoutMs),
		ReconnectDelay:  ms(o.ReconnectDelayMs),
		QueueSize:       o.QueueSize,
		AlwaysHashPaths: o.AlwaysHashPaths,
		OnConnect: func(context.Context, reconnect.WorkGroup) error {
			d.out.event("connected", line{"endpoint": target.String()})
			signal(sessions, nil)
			return nil
		},
		OnDisconnect: func(context.Context) error {
			d.out.event("disconnected", nil)
			return nil
		},
		OnError: func(_ context.Context, err error) error {
			if !errors.Is(err, context.Canceled) {
				d.out.event("error", line{"message": err.Error()})
				signal(sessions, err)
			}
			return err // what the reference does without a hook: fatal errors stay fatal
		},
	}
	c, err := cfg.New()
	if err == nil {
		d.mu.Lock()
		d.client, d.target, d.options, d.sessions = c, target, o, sessions
		d.mu.Unlock()
		err = c.Connect()
	}
	if err == nil {
		wait := ms(o.ConnectTimeoutMs)
		if wait <= 0 {
			wait = defaultTimeout
		}
		select {
		case err = <-sessions:
		case <-time.After(wait):
			err = fmt.Errorf("no session within %v", wait)
		}
	}
	if err != nil {
		d.closeClient()
		d.out.fail(id, codeConnectFailed, err.Error(), nil)
		return
	}
	d.out.result(id, line{"endpoint": target.String()})
}

// signal passes the first outcome of a connect; later ones (automatic reconnections) are
// only events.
func signal(ch chan error, err error) {
	select {
	case ch <- err:
	default:
	}
}

// closeClient shuts the reference client down; its pending callbacks are called with no
// response, which ends the calls waiting on them.
func (d *Driver) closeClient() {
	d.mu.Lock()
	c := d.client
	d.client = nil
	d.mu.Unlock()
	if c == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), defaultTimeout)
	defer cancel()
	_ = c.Shutdown(ctx)
}

func (d *Driver) current() *client.Client {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.client
}

func timeoutOf(cmd command) time.Duration {
	if cmd.TimeoutMs > 0 {
		return time.Duration(cmd.TimeoutMs) * time.Millisecond
	}
	return defaultTimeout
}
