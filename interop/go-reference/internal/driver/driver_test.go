package driver

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"nanorpc-hil/interop/go-reference/internal/demo"
	"nanorpc-hil/interop/go-reference/internal/device"
	"nanorpc-hil/interop/go-reference/internal/endpoint"
)

// session is a driver on pipes, talking to a real reference server adapter over loopback.
type session struct {
	t      *testing.T
	in     io.WriteCloser
	lines  chan map[string]any
	target string
	nextID int
	events []map[string]any // events seen while waiting for results
	done   chan struct{}
}

func startServer(t *testing.T, listen string) string {
	t.Helper()
	l, ep, err := endpoint.Listen(listen)
	if err != nil {
		t.Fatal(err)
	}
	d, err := device.New(l)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = d.Serve(context.Background()) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = d.Shutdown(ctx)
	})
	return ep.String()
}

func newSession(t *testing.T, target string) *session {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := &session{t: t, in: inW, lines: make(chan map[string]any, 1024), target: target,
		done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = New(outW).Run(inR)
		_ = outW.Close()
	}()
	go func() {
		defer close(s.lines)
		scanner := bufio.NewScanner(outR)
		scanner.Buffer(nil, 1<<20)
		for scanner.Scan() {
			var l map[string]any
			if err := json.Unmarshal(scanner.Bytes(), &l); err != nil {
				t.Errorf("driver wrote a line that is not JSON: %q", scanner.Text())
				continue
			}
			s.lines <- l
		}
	}()
	t.Cleanup(func() {
		_ = s.in.Close()
		<-s.done
	})
	return s
}

// send writes a command (id assigned here) and returns its id.
func (s *session) send(fields map[string]any) float64 {
	s.nextID++
	fields["id"] = s.nextID
	b, _ := json.Marshal(fields)
	if _, err := s.in.Write(append(b, '\n')); err != nil {
		s.t.Fatal(err)
	}
	return float64(s.nextID)
}

// result waits for the result line of id, keeping the events it passes.
func (s *session) result(id float64) map[string]any {
	s.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("driver ended before the result of %v", id)
			}
			if l["id"] == id {
				return l
			}
			if _, ok := l["event"]; ok {
				s.events = append(s.events, l)
			}
		case <-timeout:
			s.t.Fatalf("no result for command %v", id)
		}
	}
}

func (s *session) do(fields map[string]any) map[string]any {
	s.t.Helper()
	return s.result(s.send(fields))
}

// event waits for the next event of that name (or finds it among those already seen).
func (s *session) event(name string, within time.Duration) map[string]any {
	s.t.Helper()
	for i, e := range s.events {
		if e["event"] == name {
			s.events = append(s.events[:i], s.events[i+1:]...)
			return e
		}
	}
	timeout := time.After(within)
	for {
		select {
		case l := <-s.lines:
			if l["event"] == name {
				return l
			}
			if _, ok := l["event"]; ok {
				s.events = append(s.events, l)
			}
		case <-timeout:
			s.t.Fatalf("no %s event within %v", name, within)
		}
	}
}

func (s *session) connect(options map[string]any) {
	s.t.Helper()
	r := s.do(map[string]any{"cmd": "connect", "endpoint": s.target, "options": options})
	expectOK(s.t, r)
	s.event("connected", time.Second) // written before the result; later waits want new ones
}

func expectOK(t *testing.T, r map[string]any) {
	t.Helper()
	if r["ok"] != true {
		t.Fatalf("command failed: %v", r)
	}
}

func expectField(t *testing.T, r map[string]any, key string, want any) {
	t.Helper()
	if fmt.Sprint(r[key]) != fmt.Sprint(want) {
		t.Fatalf("%s = %v, want %v (line %v)", key, r[key], want, r)
	}
}

func hexOf(b []byte) string { return fmt.Sprintf("%x", b) }

func TestRequestsOverTCPAndUNIX(t *testing.T) {
	for _, listen := range []string{"tcp://127.0.0.1:0", "unix://" + t.TempDir() + "/ref.sock"} {
		s := newSession(t, startServer(t, listen))
		s.connect(nil)

		expectField(t, s.do(map[string]any{"cmd": "ping"}), "status", "OK")

		echo := s.do(map[string]any{"cmd": "request", "path": "/echo", "data": "00 01 fe ff"})
		expectField(t, echo, "status", "OK")
		expectField(t, echo, "data", "0001feff")

		product := s.do(map[string]any{"cmd": "request", "path": "/calc/multiply", "by_hash": true,
			"data": hexOf(demo.MarshalMultiply(-6, 7))})
		expectField(t, product, "data", hexOf(demo.MarshalProduct(-42)))

		// FNV-1a of "/echo", named as a number.
		byHash := s.do(map[string]any{"cmd": "request", "hash": 0xc5f7ed3f, "data": "aa"})
		expectField(t, byHash, "status", "OK")
		expectField(t, byHash, "data", "aa")

		forbidden := s.do(map[string]any{"cmd": "request", "path": "/test/forbidden"})
		expectField(t, forbidden, "status", "NOT_AUTHORIZED")
		failed := s.do(map[string]any{"cmd": "request", "path": "/test/fail"})
		expectField(t, failed, "status", "INTERNAL_ERROR")
		expectField(t, failed, "message", "simulated failure")
		missing := s.do(map[string]any{"cmd": "request", "path": "/no/such/path"})
		expectField(t, missing, "status", "NOT_FOUND")
		expectField(t, missing, "message", "no handler registered for path")

		expectOK(t, s.do(map[string]any{"cmd": "close"}))
		r := s.do(map[string]any{"cmd": "ping"})
		expectField(t, r["error"].(map[string]any), "code", codeNotConnected)
	}
}

func TestCommandErrors(t *testing.T) {
	s := newSession(t, startServer(t, "tcp://127.0.0.1:0"))
	for _, c := range []map[string]any{
		{"cmd": "launch"},
		{"cmd": "connect", "endpoint": "serial:///dev/ttyS0"},
		{"cmd": "request"},
		{"cmd": "request", "path": "/echo", "data": "zz"},
		{"cmd": "wait_updates", "count": 0},
	} {
		r := s.do(c)
		expectField(t, r["error"].(map[string]any), "code", codeBadCommand)
	}
	r := s.do(map[string]any{"cmd": "connect", "endpoint": "tcp://127.0.0.1:1",
		"options": map[string]any{"connect_timeout_ms": 1000}})
	expectField(t, r["error"].(map[string]any), "code", codeConnectFailed)
}

func TestSubscribePublishUnsubscribe(t *testing.T) {
	s := newSession(t, startServer(t, "tcp://127.0.0.1:0"))
	s.connect(nil)

	// The filter (at least 25 °C) is sent; the reference server does not apply it.
	ack := s.do(map[string]any{"cmd": "subscribe", "path": "/sensors/temp",
		"filter": hexOf(demo.MarshalTempFilter(25000))})
	expectField(t, ack, "status", "OK")
	subID := ack["request_id"].(float64)

	publish := demo.PublishRequest{Count: 3, StartMilliCelsius: 20000, StepMilliCelsius: 5000}
	res := s.do(map[string]any{"cmd": "request", "path": "/test/publish", "data": hexOf(publish.Marshal())})
	expectField(t, res, "data", hexOf(demo.MarshalPublishResult(3, 3)))

	got := s.do(map[string]any{"cmd": "wait_updates", "request_id": subID, "count": 3, "timeout_ms": 2000})
	expectOK(t, got)
	seen := map[uint32]bool{}
	for _, u := range got["updates"].([]any) {
		b := mustHex(t, u.(map[string]any)["data"].(string))
		r, err := demo.UnmarshalTempReading(b)
		if err != nil {
			t.Fatal(err)
		}
		seen[r.Sequence] = true
	}
	if len(seen) != 3 {
		t.Fatalf("updates %v, want sequences 1..3 once each", got["updates"])
	}

	// The reference client routes the unsubscribe ack to the subscription's callback (the
	// first callback registered under that id), so the unsubscribe's own callback only runs
	// when the session ends: the command times out and the ack shows as an event.
	unsub := s.do(map[string]any{"cmd": "unsubscribe", "request_id": subID, "timeout_ms": 500})
	expectField(t, unsub["error"].(map[string]any), "code", codeTimeout)
	late := s.event("subscription_response", time.Second)
	expectField(t, late, "request_id", subID)
	expectField(t, late, "status", "OK")

	// The server did drop the subscription: nothing is delivered any more.
	res = s.do(map[string]any{"cmd": "request", "path": "/test/publish", "data": hexOf(publish.Marshal())})
	expectField(t, res, "data", hexOf(demo.MarshalPublishResult(3, 0)))
}

func TestRebootAndReconnect(t *testing.T) {
	s := newSession(t, startServer(t, "tcp://127.0.0.1:0"))
	s.connect(map[string]any{"reconnect_delay_ms": 100})
	expectOK(t, s.do(map[string]any{"cmd": "subscribe", "path": "/sensors/temp"}))

	expectField(t, s.do(map[string]any{"cmd": "request", "path": "/sys/reboot"}), "status", "OK")
	s.event("disconnected", 2*time.Second)
	// The reference client reconnects by itself after its reconnect delay.
	s.event("connected", 3*time.Second)

	info := s.do(map[string]any{"cmd": "request", "path": "/sys/info"})
	si, err := demo.UnmarshalSysInfo(mustHex(t, info["data"].(string)))
	if err != nil || si.BootCount != 1 || si.DeviceName != device.DeviceName {
		t.Fatalf("sys info after reboot: %+v, %v", si, err)
	}
	// Finding: the subscription's callback was never told that its session ended.
	for _, e := range s.events {
		if e["event"] == "subscription_ended" {
			t.Fatalf("the reference now ends subscriptions with the session: update FINDINGS.md (%v)", e)
		}
	}

	// The application's own reconnection: a new client on the same endpoint.
	expectField(t, s.do(map[string]any{"cmd": "reconnect"}), "ok", true)
	expectField(t, s.do(map[string]any{"cmd": "ping"}), "status", "OK")
}

// Finding: v0.6.0 never calls the callbacks still pending when its session ends (its
// disconnect hook looks for the session after it was detached), so calls end only by the
// application's own timeout.
func TestPendingCallsOutliveTheSession(t *testing.T) {
	s := newSession(t, startServer(t, "tcp://127.0.0.1:0"))
	s.connect(nil)
	sub := s.do(map[string]any{"cmd": "subscribe", "path": "/sensors/temp"})
	expectOK(t, sub)
	// An unsubscribe whose callback the reference keeps until the session ends.
	pending := s.send(map[string]any{"cmd": "unsubscribe", "request_id": sub["request_id"],
		"timeout_ms": 1000})
	time.Sleep(100 * time.Millisecond)
	expectOK(t, s.do(map[string]any{"cmd": "close"}))
	r := s.result(pending)
	expectField(t, r["error"].(map[string]any), "code", codeTimeout)
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := decodeHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
