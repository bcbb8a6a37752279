package endpoint

import "testing"

func TestParse(t *testing.T) {
	for _, c := range []struct{ in, network, remote string }{
		{"tcp://127.0.0.1:7000", "tcp", "127.0.0.1:7000"},
		{"tcp://[::1]:7000", "tcp", "[::1]:7000"},
		{"unix:///tmp/a.sock", "unix", "unix:/tmp/a.sock"},
	} {
		e, err := Parse(c.in)
		if err != nil || e.Network != c.network || e.Remote() != c.remote || e.String() != c.in {
			t.Errorf("%s: %+v %q %v", c.in, e, e.Remote(), err)
		}
	}
	for _, bad := range []string{"", "127.0.0.1:7000", "tcp://host", "unix://rel/a.sock",
		"serial:///dev/ttyACM0", "tcp://h:1/path"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
