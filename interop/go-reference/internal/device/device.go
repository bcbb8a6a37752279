// Package device serves the demo device profile (docs/protocol.md, proto/demo_device.proto) with the
// Go reference's server package, and nothing more: where the reference cannot do what the
// profile asks (subscription filters, NOT_FOUND for unknown topics) it is left as it is so the
// conformance matrix shows it.
package device

import (
	"context"
	"errors"
	"math"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"protomcp.org/nanorpc/pkg/nanorpc"
	"protomcp.org/nanorpc/pkg/nanorpc/server"

	"nanorpc-hil/interop/go-reference/internal/demo"
)

// Paths of the demo device profile.
const (
	PathInfo      = "/sys/info"
	PathEcho      = "/echo"
	PathMultiply  = "/calc/multiply"
	PathLed       = "/gpio/led"
	PathTemp      = "/sensors/temp"
	PathPublish   = "/test/publish"
	PathFail      = "/test/fail"
	PathForbidden = "/test/forbidden"
	PathReboot    = "/sys/reboot"
)

const (
	// DeviceName is what /sys/info reports.
	DeviceName = "nanorpc-go-reference"
	// MaxFrameBody is the largest frame body the reference reads: its sessions split frames
	// with a default bufio.Scanner, whose 64 KiB buffer must hold prefix (3 bytes) and body.
	MaxFrameBody = 64*1024 - 3
	// NoLimit is what /sys/info reports for a limit the reference does not enforce
	// (subscriptions are an unbounded list, paths are bounded only by the frame).
	NoLimit = math.MaxUint32
	// MaxPublishCount bounds one /test/publish, as the emulator does.
	MaxPublishCount = 1000
)

// Device holds the demo device state and the reference server that serves it.
type Device struct {
	handler  *server.DefaultMessageHandler
	sessions *server.DefaultSessionManager
	server   *server.Server
	counting *countingHandler
	version  string

	mu        sync.Mutex // guards the state below
	ledOn     bool
	bootedAt  time.Time
	bootCount uint32
	sequence  uint32

	publishMu sync.Mutex // one /test/publish at a time, so its update count is its own
}

// New makes a device served on l by the reference server; call Serve to run it.
func New(l net.Listener) (*Device, error) {
	hashes := new(nanorpc.HashCache)
	// The topic has no request handler (the reference keeps topics apart from handlers); its
	// path only needs to be known so that a hashed subscribe or unsubscribe resolves to it.
	if _, err := hashes.Hash(PathTemp); err != nil {
		return nil, err
	}
	d := &Device{
		handler:  server.NewDefaultMessageHandler(hashes),
		bootedAt: time.Now(),
		sequence: 1,
		version:  referenceVersion(),
	}
	d.counting = &countingHandler{DefaultMessageHandler: d.handler}
	d.sessions = server.NewDefaultSessionManager(d.counting, nil)
	d.server = server.NewServer(server.NewListenerAdapter(l), d.sessions, d.counting, nil)
	if err := d.register(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Device) register() error {
	routes := map[string]server.RequestHandlerFunc{
		PathInfo:      d.info,
		PathEcho:      func(_ context.Context, r *server.RequestContext) error { return r.SendOK(r.GetData()) },
		PathMultiply:  d.multiply,
		PathLed:       d.led,
		PathPublish:   d.publish,
		PathFail:      d.fail,
		PathForbidden: d.forbidden,
		PathReboot:    d.reboot,
	}
	for path, fn := range routes {
		if err := d.handler.RegisterHandlerFunc(path, fn); err != nil {
			return err
		}
	}
	return nil
}

// Serve runs the reference server until ctx ends or Shutdown is called.
func (d *Device) Serve(ctx context.Context) error {
	err := d.server.Serve(ctx)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Shutdown stops listening and closes every session.
func (d *Device) Shutdown(ctx context.Context) error { return d.server.Shutdown(ctx) }

func (d *Device) info(_ context.Context, r *server.RequestContext) error {
	if err := demo.CheckEmpty(r.GetData()); err != nil {
		return r.SendInternalError(err.Error())
	}
	d.mu.Lock()
	info := demo.SysInfo{
		DeviceName:       DeviceName,
		FirmwareVersion:  d.version,
		UptimeMs:         uint64(time.Since(d.bootedAt).Milliseconds()),
		MaxFrameSize:     MaxFrameBody,
		MaxSubscriptions: NoLimit,
		MaxPathLength:    NoLimit,
		BootCount:        d.bootCount,
	}
	d.mu.Unlock()
	return r.SendOK(info.Marshal())
}

func (*Device) multiply(_ context.Context, r *server.RequestContext) error {
	a, b, err := demo.UnmarshalMultiply(r.GetData())
	if err != nil {
		return r.SendInternalError(err.Error())
	}
	return r.SendOK(demo.MarshalProduct(int64(a) * int64(b)))
}

func (d *Device) led(_ context.Context, r *server.RequestContext) error {
	action, err := demo.UnmarshalLed(r.GetData())
	if err != nil {
		return r.SendInternalError(err.Error())
	}
	d.mu.Lock()
	switch action {
	case demo.LedRead:
	case demo.LedOff:
		d.ledOn = false
	case demo.LedOn:
		d.ledOn = true
	case demo.LedToggle:
		d.ledOn = !d.ledOn
	default:
		d.mu.Unlock()
		return r.SendInternalError("unknown LED action")
	}
	on := d.ledOn
	d.mu.Unlock()
	return r.SendOK(demo.MarshalLedState(on))
}

// publish sends each reading through the reference's Publish API, which writes the updates
// before it returns, so they precede the response. Every subscriber gets every reading: the
// reference stores the subscribe filter but does not apply it.
func (d *Device) publish(_ context.Context, r *server.RequestContext) error {
	p, err := demo.UnmarshalPublish(r.GetData())
	if err != nil {
		return r.SendInternalError(err.Error())
	}
	if p.Count > MaxPublishCount {
		return r.SendInternalError("count above 1000")
	}
	d.publishMu.Lock()
	before := d.counting.updatesSent.Load()
	for i := range p.Count {
		reading := demo.TempReading{
			Sequence:     d.nextSequence(),
			MilliCelsius: p.StartMilliCelsius + int32(i)*p.StepMilliCelsius,
		}
		// A failed send to one session is that session's problem, as in the reference.
		_ = d.handler.Publish(PathTemp, reading.Marshal())
	}
	delivered := d.counting.updatesSent.Load() - before
	d.publishMu.Unlock()
	return r.SendOK(demo.MarshalPublishResult(p.Count, uint32(delivered)))
}

func (d *Device) nextSequence() uint32 {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := d.sequence
	d.sequence++
	return s
}

func (*Device) fail(_ context.Context, r *server.RequestContext) error {
	if err := demo.CheckEmpty(r.GetData()); err != nil {
		return r.SendInternalError(err.Error())
	}
	return r.SendInternalError("simulated failure")
}

func (*Device) forbidden(_ context.Context, r *server.RequestContext) error {
	if err := demo.CheckEmpty(r.GetData()); err != nil {
		return r.SendInternalError(err.Error())
	}
	return r.SendUnauthorized("forbidden")
}

// reboot answers OK, restarts the state, then closes every session through the reference's
// session manager (whose teardown drops each session's subscriptions); the listener stays.
func (d *Device) reboot(ctx context.Context, r *server.RequestContext) error {
	if err := demo.CheckEmpty(r.GetData()); err != nil {
		return r.SendInternalError(err.Error())
	}
	err := r.SendOK(nil)
	d.mu.Lock()
	d.ledOn = false
	d.bootedAt = time.Now()
	d.sequence = 1
	d.bootCount++
	d.mu.Unlock()
	_ = d.sessions.Shutdown(ctx)
	return err
}

// countingHandler is the reference's DefaultMessageHandler with each session wrapped so that
// the update frames it writes are counted (PublishResult.delivered). It changes nothing else.
type countingHandler struct {
	*server.DefaultMessageHandler
	updatesSent atomic.Uint64
}

func (h *countingHandler) HandleMessage(ctx context.Context, s server.Session,
	req *nanorpc.NanoRPCRequest) error {
	return h.DefaultMessageHandler.HandleMessage(ctx, countingSession{s, h}, req)
}

type countingSession struct {
	server.Session
	h *countingHandler
}

func (s countingSession) SendResponse(req *nanorpc.NanoRPCRequest, res *nanorpc.NanoRPCResponse) error {
	err := s.Session.SendResponse(req, res)
	if err == nil && res.ResponseType == nanorpc.NanoRPCResponse_TYPE_UPDATE {
		s.h.updatesSent.Add(1)
	}
	return err
}

// referenceVersion is the version of the reference module this binary was built with.
func referenceVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "protomcp.org/nanorpc/pkg/nanorpc" {
				return m.Version
			}
		}
	}
	return "unknown"
}
