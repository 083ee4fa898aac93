package smtptest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

// RefusedAddr returns a loopback address on which connections are refused,
// for tests of a mail server that is down.
//
// The port lies below the kernel's range of ephemeral ports where that range
// is known (Linux). A dial to a closed port inside the range can, now and
// then, connect the socket to itself (TCP simultaneous open on loopback), and
// the client would then wait for a greeting instead of failing. intake/imaptest
// chooses its servers' ports the same way, for the same reason.
func RefusedAddr(t testing.TB) string {
	t.Helper()
	if low := ephemeralLow(); low > lowestPort+1000 {
		for range 50 {
			addr := fmt.Sprintf("127.0.0.1:%d", lowestPort+rand.IntN(low-lowestPort))
			if ln, err := net.Listen("tcp", addr); err == nil {
				ln.Close()
				return addr
			}
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	ln.Close()
	return ln.Addr().String()
}

// lowestPort is the lowest port RefusedAddr picks: below it live more of the
// registered services.
const lowestPort = 10000

// ephemeralLow returns the lowest ephemeral port, or 0 where it is not known.
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0
	}
	low, err := strconv.Atoi(f[0])
	if err != nil {
		return 0
	}
	return low
}
