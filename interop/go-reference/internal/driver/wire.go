package driver

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"unicode"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	"protomcp.org/nanorpc/pkg/nanorpc"
)

// command is one input line. Fields a command does not use are ignored.
type command struct {
	ID        json.RawMessage `json:"id"`
	Cmd       string          `json:"cmd"`
	Endpoint  string          `json:"endpoint"`
	Options   ConnectOptions  `json:"options"`
	Path      string          `json:"path"`
	Hash      *uint32         `json:"hash"`
	ByHash    bool            `json:"by_hash"`
	Data      string          `json:"data"`
	Filter    string          `json:"filter"`
	RequestID int32           `json:"request_id"`
	Count     int             `json:"count"`
	TimeoutMs int             `json:"timeout_ms"`
}

// Error codes of {"error":{"code":...}}.
const (
	codeBadCommand       = "bad_command"
	codeNotConnected     = "not_connected"
	codeAlreadyConnected = "already_connected"
	codeConnectFailed    = "connect_failed"
	codeSendFailed       = "send_failed"
	codeTimeout          = "timeout"
	codeDisconnected     = "disconnected"
)

// line is one output line: a result (with "id") or an event (with "event").
type line map[string]any

// output writes whole JSON lines; callbacks of the reference client run on their own
// goroutines, so every line goes through one lock.
type output struct {
	mu sync.Mutex
	w  io.Writer
}

func (o *output) write(l line) {
	b, err := json.Marshal(l)
	if err != nil {
		b = []byte(fmt.Sprintf(`{"event":"driver_error","message":%q}`, err.Error()))
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.w.Write(append(b, '\n'))
}

func (o *output) event(name string, fields line) {
	l := line{"event": name}
	for k, v := range fields {
		l[k] = v
	}
	o.write(l)
}

func (o *output) result(id json.RawMessage, fields line) {
	l := line{"id": id, "ok": true}
	for k, v := range fields {
		l[k] = v
	}
	o.write(l)
}

func (o *output) fail(id json.RawMessage, code, message string, fields line) {
	l := line{"id": id, "ok": false, "error": line{"code": code, "message": message}}
	for k, v := range fields {
		l[k] = v
	}
	o.write(l)
}

// responseFields describes a response as the application sees it in its callback.
func responseFields(res *nanorpc.NanoRPCResponse) line {
	return line{
		"request_id":  res.RequestId,
		"type":        strings.TrimPrefix(res.ResponseType.String(), "TYPE_"),
		"status":      statusName(res.ResponseStatus),
		"status_code": int32(res.ResponseStatus),
		"message":     res.ResponseMessage,
		"data":        hex.EncodeToString(res.Data),
	}
}

// decodeHex reads a payload given in hex; whitespace is ignored.
func decodeHex(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return hex.DecodeString(s)
}

// rawPayload is the proto.Message the reference client's Request/Subscribe take, carrying
// bytes that need not be a protobuf message (/echo): an Empty whose unknown fields are the
// bytes, which proto.Marshal writes back verbatim. Empty input gives nil (no data field).
func rawPayload(b []byte) proto.Message {
	if len(b) == 0 {
		return nil
	}
	m := &emptypb.Empty{}
	m.ProtoReflect().SetUnknown(b)
	return m
}

// statusName is the status without its STATUS_ prefix; a value outside the enum reads as its
// number, as protobuf-go prints it.
func statusName(s nanorpc.NanoRPCResponse_Status) string {
	return strings.TrimPrefix(s.String(), "STATUS_")
}

// sendErrorCode classifies an error of the reference client's Request/Subscribe/Pong: it has
// no session (reconnect.ErrNotConnected wraps fs.ErrClosed) or it could not queue the request.
func sendErrorCode(err error) string {
	if errors.Is(err, fs.ErrClosed) {
		return codeNotConnected
	}
	return codeSendFailed
}
