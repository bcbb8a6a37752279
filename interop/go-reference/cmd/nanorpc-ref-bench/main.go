// Command nanorpc-ref-bench is a load generator built on the Go reference's client package:
// ping round trips (p50/p99) and pipelined /echo requests (32 B and 1 KiB at 1, 16 and 256 in
// flight) against demo-profile servers, printed as one JSON document on stdout.
//
//	nanorpc-ref-bench --target tcp://127.0.0.1:7000 --target unix:///tmp/dev.sock
//
// With no --target it starts the reference server adapter in this process, on TCP loopback and
// on a UNIX socket (numbers then include server work on the same cores; the harness's
// `npm run bench -- --peers` runs client and server as separate processes).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"nanorpc-hil/interop/go-reference/internal/device"
	"nanorpc-hil/interop/go-reference/internal/endpoint"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// Report is the JSON printed on stdout.
type Report struct {
	Tool    string   `json:"tool"`
	Client  string   `json:"client"`
	Started string   `json:"started"`
	Results []Result `json:"results"`
}

// Result is one measured cell.
type Result struct {
	Target    string  `json:"target"`
	Transport string  `json:"transport"`
	Kind      string  `json:"kind"` // "ping" or "echo"
	Size      int     `json:"size,omitempty"`
	InFlight  int     `json:"in_flight,omitempty"`
	Count     int     `json:"count"`
	Failed    int     `json:"failed"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"per_second"`
	P50us     float64 `json:"p50_us"`
	P99us     float64 `json:"p99_us"`
}

func main() {
	var targets listFlag
	flag.Var(&targets, "target", "server endpoint, repeatable (default: an in-process reference server on TCP and UNIX)")
	pings := flag.Int("pings", 1000, "ping round trips per target")
	requests := flag.Int("requests", 5000, "echo requests per cell")
	sizes := flag.String("sizes", "32,1024", "echo payload sizes in bytes")
	inflight := flag.String("in-flight", "1,16,256", "requests kept in flight")
	flag.Parse()

	sizeList, err := intList(*sizes)
	check(err)
	flightList, err := intList(*inflight)
	check(err)
	if len(targets) == 0 {
		stop := startLocalServers(&targets)
		defer stop()
	}

	report := Report{Tool: "nanorpc-ref-bench", Client: "protomcp.org/nanorpc/pkg/nanorpc/client",
		Started: time.Now().UTC().Format(time.RFC3339)}
	for _, t := range targets {
		ep, err := endpoint.Parse(t)
		check(err)
		b, err := newBench(ep)
		check(err)
		report.Results = append(report.Results, b.pings(*pings))
		for _, size := range sizeList {
			for _, n := range flightList {
				report.Results = append(report.Results, b.echo(size, n, *requests))
			}
		}
		b.close()
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	check(out.Encode(report))
}

// startLocalServers serves the demo profile in this process on TCP and UNIX.
func startLocalServers(targets *listFlag) func() {
	dir, err := os.MkdirTemp("", "nanorpc-ref-bench")
	check(err)
	var devices []*device.Device
	for _, listen := range []string{"tcp://127.0.0.1:0", "unix://" + filepath.Join(dir, "ref.sock")} {
		l, ep, err := endpoint.Listen(listen)
		check(err)
		d, err := device.New(l)
		check(err)
		go func() { _ = d.Serve(context.Background()) }()
		devices = append(devices, d)
		*targets = append(*targets, ep.String())
	}
	return func() {
		for _, d := range devices {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = d.Shutdown(ctx)
			cancel()
		}
		_ = os.RemoveAll(dir)
	}
}

func intList(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q: want positive integers separated by commas", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "nanorpc-ref-bench:", err)
		os.Exit(1)
	}
}
