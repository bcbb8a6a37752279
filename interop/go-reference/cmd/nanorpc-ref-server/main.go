// Command nanorpc-ref-server serves the demo device profile with the Go reference's server
// package, for the conformance matrix and the side-by-side benchmarks.
//
//	nanorpc-ref-server --listen tcp://127.0.0.1:0
//	nanorpc-ref-server --listen unix:///tmp/ref.sock
//
// Once listening it prints one line, "nanorpc-ref-server: listening <endpoint>", on stdout.
// SIGTERM or SIGINT stops it with exit status 0; a bad argument exits 2.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"nanorpc-hil/interop/go-reference/internal/device"
	"nanorpc-hil/interop/go-reference/internal/endpoint"
)

func main() {
	listen := flag.String("listen", "tcp://127.0.0.1:0", "endpoint to listen on: tcp://host:port or unix:///path")
	flag.Parse()
	if flag.NArg() > 0 {
		fail(2, "unexpected argument %q", flag.Arg(0))
	}
	if _, err := endpoint.Parse(*listen); err != nil {
		fail(2, "%v", err)
	}

	l, ep, err := endpoint.Listen(*listen)
	if err != nil {
		fail(1, "%v", err)
	}
	d, err := device.New(l)
	if err != nil {
		fail(1, "%v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- d.Serve(context.Background()) }()
	fmt.Printf("nanorpc-ref-server: listening %s\n", ep)

	select {
	case err = <-served:
		fail(1, "server stopped: %v", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Shutdown(shutdownCtx); err != nil {
		fail(1, "shutdown: %v", err)
	}
}

func fail(code int, format string, args ...any) {
	fmt.Fprintf(os.Stderr, "nanorpc-ref-server: "+format+"\n", args...)
	os.Exit(code)
}
