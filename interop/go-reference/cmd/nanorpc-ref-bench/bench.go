package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"darvaza.org/x/net/reconnect"
	"google.golang.org/protobuf/types/known/emptypb"
	"protomcp.org/nanorpc/pkg/nanorpc"
	"protomcp.org/nanorpc/pkg/nanorpc/client"

	"nanorpc-hil/interop/go-reference/internal/endpoint"
)

// bench is one reference client connected to one target.
type bench struct {
	ep endpoint.Endpoint
	c  *client.Client
}

func newBench(ep endpoint.Endpoint) (*bench, error) {
	ready := make(chan struct{}, 1)
	cfg := client.Config{
		Context:   context.Background(),
		Remote:    ep.Remote(),
		HashCache: new(nanorpc.HashCache),
		OnConnect: func(context.Context, reconnect.WorkGroup) error {
			select {
			case ready <- struct{}{}:
			default:
			}
			return nil
		},
	}
	c, err := cfg.New()
	if err == nil {
		err = c.Connect()
	}
	if err != nil {
		return nil, err
	}
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		_ = c.Shutdown(context.Background())
		return nil, fmt.Errorf("%s: no session within 5s", ep)
	}
	return &bench{ep: ep, c: c}, nil
}

func (b *bench) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = b.c.Shutdown(ctx)
}

// pings measures sequential ping round trips through the reference's Pong.
func (b *bench) pings(n int) Result {
	lat := make([]time.Duration, 0, n)
	failed := 0
	start := time.Now()
	for range n {
		t := time.Now()
		if err := <-b.c.Pong(); err != nil {
			failed++
			continue
		}
		lat = append(lat, time.Since(t))
	}
	return b.result("ping", 0, 0, n, failed, time.Since(start), lat)
}

// echo keeps `inflight` /echo requests of `size` bytes outstanding until n are answered.
func (b *bench) echo(size, inflight, n int) Result {
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = byte(rand.IntN(256))
	}
	msg := &emptypb.Empty{} // raw bytes as unknown fields: proto.Marshal writes them verbatim
	msg.ProtoReflect().SetUnknown(payload)

	lat := make([]time.Duration, n)
	var failed atomic.Int64
	var wg sync.WaitGroup
	slots := make(chan struct{}, inflight)
	start := time.Now()
	for i := range n {
		slots <- struct{}{}
		wg.Add(1)
		t := time.Now()
		_, err := b.c.Request("/echo", msg, func(_ context.Context, _ int32, res *nanorpc.NanoRPCResponse) error {
			lat[i] = time.Since(t)
			if res == nil || res.ResponseStatus != nanorpc.NanoRPCResponse_STATUS_OK || len(res.Data) != size {
				failed.Add(1)
			}
			<-slots
			wg.Done()
			return nil
		})
		if err != nil {
			failed.Add(1)
			<-slots
			wg.Done()
		}
	}
	wg.Wait()
	return b.result("echo", size, inflight, n, int(failed.Load()), time.Since(start), lat)
}

func (b *bench) result(kind string, size, inflight, n, failed int, took time.Duration,
	lat []time.Duration) Result {
	slices.Sort(lat)
	return Result{
		Target: b.ep.String(), Transport: b.ep.Network, Kind: kind, Size: size, InFlight: inflight,
		Count: n, Failed: failed, Seconds: round(took.Seconds(), 4),
		PerSecond: round(float64(n-failed)/took.Seconds(), 1),
		P50us:     percentile(lat, 0.50), P99us: percentile(lat, 0.99),
	}
}

func percentile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted)-1) + 0.5)
	return round(float64(sorted[i].Nanoseconds())/1e3, 1)
}

func round(v float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}
