package demo

import (
	"bytes"
	"errors"
	"testing"
)

func TestRoundTrips(t *testing.T) {
	info := SysInfo{DeviceName: "d", FirmwareVersion: "v1", UptimeMs: 1 << 40, MaxFrameSize: 65533,
		MaxSubscriptions: 4294967295, MaxPathLength: 50, BootCount: 3}
	if got, err := UnmarshalSysInfo(info.Marshal()); err != nil || got != info {
		t.Fatalf("SysInfo %+v %v", got, err)
	}
	r := TempReading{Sequence: 7, MilliCelsius: -2147483648}
	if got, err := UnmarshalTempReading(r.Marshal()); err != nil || got != r {
		t.Fatalf("TempReading %+v %v", got, err)
	}
	p := PublishRequest{Count: 2, StartMilliCelsius: -5, StepMilliCelsius: 2147483647}
	if got, err := UnmarshalPublish(p.Marshal()); err != nil || got != p {
		t.Fatalf("PublishRequest %+v %v", got, err)
	}
	if a, b, err := UnmarshalMultiply(MarshalMultiply(-1, 2147483647)); err != nil || a != -1 || b != 2147483647 {
		t.Fatalf("Multiply %d %d %v", a, b, err)
	}
}

// Values checked against protoc --encode (proto3 defaults omitted, sint32 zig-zag, negative
// int32 as ten-byte varint).
func TestKnownEncodings(t *testing.T) {
	for _, c := range []struct{ got, want []byte }{
		{MarshalTempFilter(20000), []byte{0x08, 0xc0, 0xb8, 0x02}},
		{MarshalMultiply(-1, 0), []byte{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{MarshalLedState(false), nil},
		{MarshalPublishResult(4, 9), []byte{0x08, 0x04, 0x10, 0x09}},
	} {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("got %x, want %x", c.got, c.want)
		}
	}
}

func TestDecodingRules(t *testing.T) {
	// Unknown field 9 (bytes), then a = 2 twice (last wins), then b sent as bytes (wrong wire
	// type: unknown, skipped).
	b := []byte{0x4a, 0x01, 0xff, 0x08, 0x01, 0x08, 0x02, 0x12, 0x00}
	if a, c, err := UnmarshalMultiply(b); err != nil || a != 2 || c != 0 {
		t.Fatalf("got %d %d %v", a, c, err)
	}
	var de *DecodeError
	if _, _, err := UnmarshalMultiply([]byte{0x08}); !errors.As(err, &de) ||
		err.Error() != "cannot decode demo.MultiplyRequest" {
		t.Fatalf("truncated: %v", err)
	}
	if err := CheckEmpty([]byte{0x0a, 0x05}); err == nil {
		t.Fatal("a truncated Empty decoded")
	}
}
