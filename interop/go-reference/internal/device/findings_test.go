package device

import (
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"protomcp.org/nanorpc/pkg/nanorpc"

	"nanorpc-hil/interop/go-reference/internal/demo"
)

// These tests pin where the reference server (v0.6.0) differs from docs/protocol.md and the demo
// profile; FINDINGS.md has the frames. A failure here means the reference changed: update
// FINDINGS.md.

func TestFindingFiltersAreNotApplied(t *testing.T) {
	l := dial(t, serve(t))
	l.send(nanorpc.NanoRPCRequest_TYPE_SUBSCRIBE, PathTemp, demo.MarshalTempFilter(25000))
	l.must(time.Second)
	l.send(nanorpc.NanoRPCRequest_TYPE_REQUEST, PathPublish,
		demo.PublishRequest{Count: 2, StartMilliCelsius: 10000}.Marshal())
	// The profile wants no update (both readings are below 25 °C); the reference sends both.
	for range 2 {
		if u := l.must(time.Second); u.ResponseType != nanorpc.NanoRPCResponse_TYPE_UPDATE {
			t.Fatalf("want an update, got %v", u)
		}
	}
	if res := l.must(time.Second); string(res.Data) != string(demo.MarshalPublishResult(2, 2)) {
		t.Fatalf("publish result %v", res)
	}
}

func TestFindingUnknownTopicIsAccepted(t *testing.T) {
	l := dial(t, serve(t))
	l.send(nanorpc.NanoRPCRequest_TYPE_SUBSCRIBE, "/no/such/topic", nil)
	expectStatus(t, l.must(time.Second), nanorpc.NanoRPCResponse_STATUS_OK, "")
}

// A length prefix the reference will never be able to hold (65537 > its 64 KiB buffer) is
// not refused at the prefix: the session waits for the body and answers nothing meanwhile.
func TestFindingOversizePrefixWaitsForTheBody(t *testing.T) {
	l := dial(t, serve(t))
	l.raw([]byte{0x81, 0x80, 0x04})
	l.send(nanorpc.NanoRPCRequest_TYPE_PING, "", nil)
	if _, err := l.recv(500 * time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("want silence, got %v", err)
	}
}

// A length varint of six continuation bytes is not refused: the reference reads up to ten.
func TestFindingLongVarintWaits(t *testing.T) {
	l := dial(t, serve(t))
	l.raw([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	if _, err := l.recv(500 * time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("want silence, got %v", err)
	}
	// Completing it to a value above MaxInt32 does close the session.
	l.raw([]byte{0x01})
	if _, err := l.recv(time.Second); !errors.Is(err, io.EOF) {
		t.Fatalf("want the session closed, got %v", err)
	}
}

// The largest frame the reference reads is 64 KiB including the prefix.
func TestMaxFrame(t *testing.T) {
	l := dial(t, serve(t))
	frameOf := func(n int) []byte {
		b, _ := nanorpc.EncodeRequest(&nanorpc.NanoRPCRequest{RequestId: 1,
			RequestType: nanorpc.NanoRPCRequest_TYPE_REQUEST,
			PathOneof:   nanorpc.GetPathOneOfString(PathEcho), Data: make([]byte, n)}, nil)
		return b
	}
	n := 64*1024 - 20
	for len(frameOf(n)) < 64*1024 {
		n++
	}
	if len(frameOf(n)) != 64*1024 || len(frameOf(n))-3 != MaxFrameBody {
		t.Fatalf("cannot build a 64 KiB frame (%d)", len(frameOf(n)))
	}
	l.raw(frameOf(n))
	if res := l.must(2 * time.Second); len(res.Data) != n {
		t.Fatalf("echo of %d bytes: %d", n, len(res.Data))
	}
	l.raw(frameOf(n + 1))
	// Closed (EOF, or a reset since the server did not read all it was sent).
	if _, err := l.recv(2 * time.Second); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a frame one byte over 64 KiB: want the session closed, got %v", err)
	}
}
