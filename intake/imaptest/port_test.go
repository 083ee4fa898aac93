package imaptest

import (
	"net"
	"testing"
)

// TestLoopbackListenBelowEphemeral checks that test servers listen where no
// outgoing connection takes its local port.
func TestLoopbackListenBelowEphemeral(t *testing.T) {
	low := ephemeralLow()
	if low == 0 {
		t.Skipf("no %s here: the port is any free one", ephemeralRangeFile)
	}
	for range 20 {
		ln, err := loopbackListen()
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if port < lowestPort || port >= low {
			t.Fatalf("port %d, want in [%d, %d)", port, lowestPort, low)
		}
	}
}
