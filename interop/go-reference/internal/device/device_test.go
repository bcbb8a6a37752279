package device

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"protomcp.org/nanorpc/pkg/nanorpc"

	"nanorpc-hil/interop/go-reference/internal/demo"
	"nanorpc-hil/interop/go-reference/internal/endpoint"
)

// link is a raw NanoRPC connection to the adapter: frames built with the reference's codec.
type link struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	id   int32
}

func serve(t *testing.T) endpoint.Endpoint {
	t.Helper()
	l, ep, err := endpoint.Listen("tcp://127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = d.Serve(context.Background()) }()
	t.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	return ep
}

func dial(t *testing.T, ep endpoint.Endpoint) *link {
	t.Helper()
	conn, err := net.Dial(ep.Network, ep.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return &link{t: t, conn: conn, r: bufio.NewReader(conn)}
}

func (l *link) raw(b []byte) {
	if _, err := l.conn.Write(b); err != nil {
		l.t.Fatal(err)
	}
}

// send writes a request to path (string) with data and returns its id.
func (l *link) send(typ nanorpc.NanoRPCRequest_Type, path string, data []byte) int32 {
	l.id++
	frame, err := nanorpc.EncodeRequest(&nanorpc.NanoRPCRequest{RequestId: l.id, RequestType: typ,
		PathOneof: nanorpc.GetPathOneOfString(path), Data: data}, nil)
	if err != nil {
		l.t.Fatal(err)
	}
	l.raw(frame)
	return l.id
}

// recv reads one response; io.EOF when the server closed, os.ErrDeadlineExceeded on silence.
func (l *link) recv(within time.Duration) (*nanorpc.NanoRPCResponse, error) {
	_ = l.conn.SetReadDeadline(time.Now().Add(within))
	n, err := binary.ReadUvarint(l.r)
	if err != nil {
		return nil, err
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(l.r, body); err != nil {
		return nil, err
	}
	res, _, err := nanorpc.DecodeResponse(append(binary.AppendUvarint(nil, n), body...))
	return res, err
}

func (l *link) must(within time.Duration) *nanorpc.NanoRPCResponse {
	l.t.Helper()
	res, err := l.recv(within)
	if err != nil {
		l.t.Fatalf("no response: %v", err)
	}
	return res
}

// call sends a request and returns its answer, checking the id and type.
func (l *link) call(path string, data []byte) *nanorpc.NanoRPCResponse {
	l.t.Helper()
	id := l.send(nanorpc.NanoRPCRequest_TYPE_REQUEST, path, data)
	res := l.must(2 * time.Second)
	if res.RequestId != id || res.ResponseType != nanorpc.NanoRPCResponse_TYPE_RESPONSE {
		l.t.Fatalf("answer to #%d: %v", id, res)
	}
	return res
}

func expectStatus(t *testing.T, res *nanorpc.NanoRPCResponse, want nanorpc.NanoRPCResponse_Status, msg string) {
	t.Helper()
	if res.ResponseStatus != want || (msg != "" && res.ResponseMessage != msg) {
		t.Fatalf("got %v %q, want %v %q", res.ResponseStatus, res.ResponseMessage, want, msg)
	}
}

func TestRequestPaths(t *testing.T) {
	l := dial(t, serve(t))
	ok := nanorpc.NanoRPCResponse_STATUS_OK

	info := l.call(PathInfo, nil)
	si, err := demo.UnmarshalSysInfo(info.Data)
	if err != nil || si.DeviceName != DeviceName || si.MaxFrameSize != MaxFrameBody ||
		si.MaxSubscriptions != NoLimit || si.BootCount != 0 || si.FirmwareVersion == "" {
		t.Fatalf("sys info %+v, %v", si, err)
	}
	if res := l.call(PathEcho, []byte{0, 1, 2, 0xff}); string(res.Data) != "\x00\x01\x02\xff" {
		t.Fatalf("echo %x", res.Data)
	}
	p, err := demo.UnmarshalProduct(l.call(PathMultiply, demo.MarshalMultiply(-70000, 70000)).Data)
	if err != nil || p != -4900000000 {
		t.Fatalf("product %d, %v", p, err)
	}
	expectStatus(t, l.call(PathMultiply, []byte{0x08}), nanorpc.NanoRPCResponse_STATUS_INTERNAL_ERROR,
		"cannot decode demo.MultiplyRequest")

	for _, step := range []struct {
		action byte
		on     bool
	}{{demo.LedOn, true}, {demo.LedRead, true}, {demo.LedToggle, false}, {demo.LedToggle, true}, {demo.LedOff, false}} {
		res := l.call(PathLed, []byte{0x08, step.action})
		expectStatus(t, res, ok, "")
		if string(res.Data) != string(demo.MarshalLedState(step.on)) {
			t.Fatalf("LED action %d: state %x", step.action, res.Data)
		}
	}
	expectStatus(t, l.call(PathLed, []byte{0x08, 9}), nanorpc.NanoRPCResponse_STATUS_INTERNAL_ERROR, "unknown LED action")
	expectStatus(t, l.call(PathFail, nil), nanorpc.NanoRPCResponse_STATUS_INTERNAL_ERROR, "simulated failure")
	expectStatus(t, l.call(PathForbidden, nil), nanorpc.NanoRPCResponse_STATUS_NOT_AUTHORIZED, "forbidden")
	expectStatus(t, l.call("/no/such/path", nil), nanorpc.NanoRPCResponse_STATUS_NOT_FOUND,
		"no handler registered for path")
	big := demo.PublishRequest{Count: MaxPublishCount + 1}
	expectStatus(t, l.call(PathPublish, big.Marshal()), nanorpc.NanoRPCResponse_STATUS_INTERNAL_ERROR, "")
}

func TestPublishSendsUpdatesBeforeTheResponse(t *testing.T) {
	l := dial(t, serve(t))
	sub := l.send(nanorpc.NanoRPCRequest_TYPE_SUBSCRIBE, PathTemp, nil)
	expectStatus(t, l.must(time.Second), nanorpc.NanoRPCResponse_STATUS_OK, "")

	id := l.send(nanorpc.NanoRPCRequest_TYPE_REQUEST, PathPublish,
		demo.PublishRequest{Count: 3, StartMilliCelsius: -1000, StepMilliCelsius: 1500}.Marshal())
	for seq := uint32(1); seq <= 3; seq++ {
		u := l.must(time.Second)
		r, err := demo.UnmarshalTempReading(u.Data)
		want := -1000 + int32(seq-1)*1500
		if u.RequestId != sub || u.ResponseType != nanorpc.NanoRPCResponse_TYPE_UPDATE || err != nil ||
			r.Sequence != seq || r.MilliCelsius != want {
			t.Fatalf("update %d: %v %v %v", seq, u, r, err)
		}
	}
	res := l.must(time.Second)
	if res.RequestId != id || string(res.Data) != string(demo.MarshalPublishResult(3, 3)) {
		t.Fatalf("publish result %v", res)
	}
}

func TestRebootClosesSessionsAndKeepsListening(t *testing.T) {
	ep := serve(t)
	watcher := dial(t, ep)
	watcher.send(nanorpc.NanoRPCRequest_TYPE_SUBSCRIBE, PathTemp, nil)
	watcher.must(time.Second)

	l := dial(t, ep)
	l.call(PathLed, []byte{0x08, demo.LedOn})
	expectStatus(t, l.call(PathReboot, nil), nanorpc.NanoRPCResponse_STATUS_OK, "")
	for _, c := range []*link{l, watcher} {
		if _, err := c.recv(2 * time.Second); !errors.Is(err, io.EOF) {
			t.Fatalf("session still open after reboot: %v", err)
		}
	}

	again := dial(t, ep)
	si, _ := demo.UnmarshalSysInfo(again.call(PathInfo, nil).Data)
	if si.BootCount != 1 {
		t.Fatalf("boot count %d after a reboot", si.BootCount)
	}
	if res := again.call(PathLed, []byte{0x08, demo.LedRead}); len(res.Data) != 0 {
		t.Fatalf("LED still on after reboot: %x", res.Data)
	}
	// The watcher's subscription went with its session.
	res := again.call(PathPublish, demo.PublishRequest{Count: 1}.Marshal())
	if string(res.Data) != string(demo.MarshalPublishResult(1, 0)) {
		t.Fatalf("publish after reboot: %x", res.Data)
	}
}
