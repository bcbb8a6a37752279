// Command nanorpc-ref-client is the client driver of the conformance kit: the Go reference's
// client package driven by JSON lines. Commands come on stdin, results and events go to
// stdout, one JSON object per line; the protocol is in interop/go-reference/README.md.
// It exits 0 when stdin ends, after closing the client and finishing the calls in flight.
package main

import (
	"fmt"
	"os"

	"nanorpc-hil/interop/go-reference/internal/driver"
)

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: nanorpc-ref-client < commands.jsonl (no arguments)")
		os.Exit(2)
	}
	if err := driver.New(os.Stdout).Run(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "nanorpc-ref-client:", err)
		os.Exit(1)
	}
}
