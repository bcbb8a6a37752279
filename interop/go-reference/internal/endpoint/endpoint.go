// Package endpoint reads the harness's endpoint syntax (tcp://host:port, unix:///path) and
// turns it into what net.Listen and the reference client's Remote expect.
package endpoint

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Endpoint is a parsed tcp:// or unix:// endpoint.
type Endpoint struct {
	Network string // "tcp" or "unix"
	Address string // host:port, or the socket path
}

// Parse accepts tcp://host:port and unix:///absolute/path.
func Parse(s string) (Endpoint, error) {
	u, err := url.Parse(s)
	if err != nil {
		return Endpoint{}, fmt.Errorf("endpoint %q: %w", s, err)
	}
	switch u.Scheme {
	case "tcp":
		if u.Host == "" || u.Port() == "" || (u.Path != "" && u.Path != "/") {
			return Endpoint{}, fmt.Errorf("endpoint %q: want tcp://host:port", s)
		}
		return Endpoint{Network: "tcp", Address: u.Host}, nil
	case "unix":
		if u.Host != "" || !strings.HasPrefix(u.Path, "/") {
			return Endpoint{}, fmt.Errorf("endpoint %q: want unix:///absolute/path", s)
		}
		return Endpoint{Network: "unix", Address: u.Path}, nil
	default:
		return Endpoint{}, fmt.Errorf("endpoint %q: only tcp:// and unix:// are supported", s)
	}
}

// String gives the endpoint back in the harness's syntax.
func (e Endpoint) String() string {
	if e.Network == "unix" {
		return "unix://" + e.Address
	}
	return "tcp://" + e.Address
}

// Remote is the address form the reference client (darvaza.org/x/net/reconnect) parses:
// host:port for TCP, "unix:" + path for a UNIX socket.
func (e Endpoint) Remote() string {
	if e.Network == "unix" {
		return "unix:" + e.Address
	}
	return e.Address
}

// Listen opens a listener and returns the endpoint it actually got (the real port for :0).
func Listen(s string) (net.Listener, Endpoint, error) {
	e, err := Parse(s)
	if err != nil {
		return nil, Endpoint{}, err
	}
	l, err := net.Listen(e.Network, e.Address)
	if err != nil {
		return nil, Endpoint{}, err
	}
	return l, Of(l.Addr()), nil
}

// Of names a listener's address in the harness's syntax.
func Of(addr net.Addr) Endpoint {
	return Endpoint{Network: addr.Network(), Address: addr.String()}
}
