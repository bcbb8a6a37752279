// Package demo encodes and decodes the payloads of proto/demo_device.proto by hand with
// protowire: the messages are tiny, and no generated file can drift from the schema in proto/.
// Decoding follows proto3 rules: any field order, unknown fields skipped, last value wins, a
// field whose wire type does not match is treated as unknown (as protobuf-go does).
package demo

import (
	"fmt"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"
)

// SysInfo is demo.SysInfo (/sys/info).
type SysInfo struct {
	DeviceName       string
	FirmwareVersion  string
	UptimeMs         uint64
	MaxFrameSize     uint32
	MaxSubscriptions uint32
	MaxPathLength    uint32
	BootCount        uint32
}

// Marshal encodes the message, leaving out zero values as proto3 does.
func (s SysInfo) Marshal() []byte {
	var b []byte
	b = appendString(b, 1, s.DeviceName)
	b = appendString(b, 2, s.FirmwareVersion)
	b = appendVarint(b, 3, s.UptimeMs)
	b = appendVarint(b, 4, uint64(s.MaxFrameSize))
	b = appendVarint(b, 5, uint64(s.MaxSubscriptions))
	b = appendVarint(b, 6, uint64(s.MaxPathLength))
	b = appendVarint(b, 7, uint64(s.BootCount))
	return b
}

// UnmarshalSysInfo decodes demo.SysInfo.
func UnmarshalSysInfo(b []byte) (SysInfo, error) {
	var s SysInfo
	err := walk("demo.SysInfo", b, []protowire.Number{1, 2}, func(num protowire.Number, v value) {
		switch num {
		case 1:
			s.DeviceName = v.str()
		case 2:
			s.FirmwareVersion = v.str()
		case 3:
			s.UptimeMs = v.varint()
		case 4:
			s.MaxFrameSize = uint32(v.varint())
		case 5:
			s.MaxSubscriptions = uint32(v.varint())
		case 6:
			s.MaxPathLength = uint32(v.varint())
		case 7:
			s.BootCount = uint32(v.varint())
		}
	})
	return s, err
}

// CheckEmpty decodes demo.Empty: the bytes must be well-formed protobuf.
func CheckEmpty(b []byte) error {
	return walk("demo.Empty", b, nil, func(protowire.Number, value) {})
}

// UnmarshalMultiply decodes demo.MultiplyRequest.
func UnmarshalMultiply(b []byte) (a, c int32, err error) {
	err = walk("demo.MultiplyRequest", b, nil, func(num protowire.Number, v value) {
		switch num {
		case 1:
			a = int32(v.varint())
		case 2:
			c = int32(v.varint())
		}
	})
	return a, c, err
}

// MarshalMultiply encodes demo.MultiplyRequest.
func MarshalMultiply(a, c int32) []byte {
	return appendVarint(appendVarint(nil, 1, uint64(int64(a))), 2, uint64(int64(c)))
}

// MarshalProduct encodes demo.MultiplyResponse.
func MarshalProduct(p int64) []byte { return appendVarint(nil, 1, uint64(p)) }

// UnmarshalProduct decodes demo.MultiplyResponse.
func UnmarshalProduct(b []byte) (p int64, err error) {
	err = walk("demo.MultiplyResponse", b, nil, func(num protowire.Number, v value) {
		if num == 1 {
			p = int64(v.varint())
		}
	})
	return p, err
}

// LED actions of demo.LedRequest.Action.
const (
	LedRead   = 0
	LedOff    = 1
	LedOn     = 2
	LedToggle = 3
)

// UnmarshalLed decodes demo.LedRequest; unknown enum values are kept, as proto3 does.
func UnmarshalLed(b []byte) (action int32, err error) {
	err = walk("demo.LedRequest", b, nil, func(num protowire.Number, v value) {
		if num == 1 {
			action = int32(v.varint())
		}
	})
	return action, err
}

// MarshalLedState encodes demo.LedState.
func MarshalLedState(on bool) []byte { return appendVarint(nil, 1, protowire.EncodeBool(on)) }

// TempReading is demo.TempReading, the /sensors/temp update.
type TempReading struct {
	Sequence     uint32
	MilliCelsius int32
}

// Marshal encodes the reading.
func (r TempReading) Marshal() []byte {
	b := appendVarint(nil, 1, uint64(r.Sequence))
	return appendVarint(b, 2, protowire.EncodeZigZag(int64(r.MilliCelsius)))
}

// UnmarshalTempReading decodes demo.TempReading.
func UnmarshalTempReading(b []byte) (r TempReading, err error) {
	err = walk("demo.TempReading", b, nil, func(num protowire.Number, v value) {
		switch num {
		case 1:
			r.Sequence = uint32(v.varint())
		case 2:
			r.MilliCelsius = int32(protowire.DecodeZigZag(v.varint() & 0xffffffff))
		}
	})
	return r, err
}

// MarshalTempFilter encodes demo.TempFilter.
func MarshalTempFilter(minMilliCelsius int32) []byte {
	return appendVarint(nil, 1, protowire.EncodeZigZag(int64(minMilliCelsius)))
}

// PublishRequest is demo.PublishRequest (/test/publish).
type PublishRequest struct {
	Count             uint32
	StartMilliCelsius int32
	StepMilliCelsius  int32
}

// Marshal encodes the request.
func (p PublishRequest) Marshal() []byte {
	b := appendVarint(nil, 1, uint64(p.Count))
	b = appendVarint(b, 2, protowire.EncodeZigZag(int64(p.StartMilliCelsius)))
	return appendVarint(b, 3, protowire.EncodeZigZag(int64(p.StepMilliCelsius)))
}

// UnmarshalPublish decodes demo.PublishRequest.
func UnmarshalPublish(b []byte) (p PublishRequest, err error) {
	err = walk("demo.PublishRequest", b, nil, func(num protowire.Number, v value) {
		switch num {
		case 1:
			p.Count = uint32(v.varint())
		case 2:
			p.StartMilliCelsius = int32(protowire.DecodeZigZag(v.varint() & 0xffffffff))
		case 3:
			p.StepMilliCelsius = int32(protowire.DecodeZigZag(v.varint() & 0xffffffff))
		}
	})
	return p, err
}

// MarshalPublishResult encodes demo.PublishResult.
func MarshalPublishResult(published, delivered uint32) []byte {
	return appendVarint(appendVarint(nil, 1, uint64(published)), 2, uint64(delivered))
}

// UnmarshalPublishResult decodes demo.PublishResult.
func UnmarshalPublishResult(b []byte) (published, delivered uint32, err error) {
	err = walk("demo.PublishResult", b, nil, func(num protowire.Number, v value) {
		switch num {
		case 1:
			published = uint32(v.varint())
		case 2:
			delivered = uint32(v.varint())
		}
	})
	return published, delivered, err
}

// DecodeError is the error of a payload that does not decode; its text is the emulator's and
// the firmware's message, "cannot decode demo.X".
type DecodeError struct {
	Message string
	Err     error
}

func (e *DecodeError) Error() string { return "cannot decode " + e.Message }
func (e *DecodeError) Unwrap() error { return e.Err }

// value is one decoded field: a varint, or the bytes of a length-delimited field.
type value struct {
	typ protowire.Type
	v   uint64
	b   []byte
}

func (v value) varint() uint64 { return v.v }
func (v value) str() string    { return string(v.b) }

// walk calls fn for each field whose wire type suits the schema: bytes for the numbers in
// bytesFields, varint for any other; other fields are skipped as unknown. A malformed message
// is a DecodeError.
func walk(message string, b []byte, bytesFields []protowire.Number,
	fn func(protowire.Number, value)) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return &DecodeError{message, protowire.ParseError(n)}
		}
		b = b[n:]
		switch typ {
		case protowire.VarintType:
			v, m := protowire.ConsumeVarint(b)
			if m < 0 {
				return &DecodeError{message, protowire.ParseError(m)}
			}
			if !slices.Contains(bytesFields, num) {
				fn(num, value{typ: typ, v: v})
			}
			b = b[m:]
		case protowire.BytesType:
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return &DecodeError{message, protowire.ParseError(m)}
			}
			if slices.Contains(bytesFields, num) {
				fn(num, value{typ: typ, b: v})
			}
			b = b[m:]
		default:
			m := protowire.ConsumeFieldValue(num, typ, b)
			if m < 0 {
				return &DecodeError{message, protowire.ParseError(m)}
			}
			b = b[m:]
		}
	}
	return nil
}

func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

// String describes a reading for logs and tests.
func (r TempReading) String() string {
	return fmt.Sprintf("#%d %d m°C", r.Sequence, r.MilliCelsius)
}
